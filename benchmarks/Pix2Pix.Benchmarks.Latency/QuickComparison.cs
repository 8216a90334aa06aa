using Pix2Pix.Onnx;
using System.Diagnostics;
using Pix2Pix.Export;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>
/// A short Stopwatch comparison of the ConvTranspose forms in float32 and int8 (batch 1): each runs for about
/// <c>seconds / 6</c> after one warm-up run and reports the median. A smoke check, not a measurement to publish.
/// </summary>
public static class QuickComparison
{
    public static void Run(double seconds, int threads)
    {
        var budget = TimeSpan.FromSeconds(seconds / 6);
        Console.WriteLine($"unet_256, 256², batch 1, {threads} intra-op thread(s), ~{budget.TotalSeconds:F1} s per model; median of runs");
        foreach (var kind in new[] { ModelKind.Fp32, ModelKind.Int8 })
        foreach (var form in Enum.GetValues<ConvTransposeForm>())
        {
            using var bench = new SessionBench(BenchmarkModels.PathOf(kind, form), batch: 1, threads);
            var times = new List<double>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < budget || times.Count < 3)
            {
                var start = clock.Elapsed;
                bench.Run();
                times.Add((clock.Elapsed - start).TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{kind,-5} {form,-15} median {times[times.Count / 2],7:F1} ms   min {times[0],7:F1} ms   ({times.Count} runs)");
        }
    }
}
