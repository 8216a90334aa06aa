using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>
/// After a run that included <see cref="MLNetBenchmarks"/> and/or <see cref="MLNetLatencyBenchmarks"/>: the goal ratios as
/// <c>name=ratio</c> lines, from the cases' mean times in this same run (throughput ratios are images/s over images/s, the latency
/// ratio is time over time).
/// </summary>
public static class MLNetRatios
{
    public static void Print(IEnumerable<Summary> summaries)
    {
        var means = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var summary in summaries)
        foreach (var report in summary.Reports)
        {
            var type = report.BenchmarkCase.Descriptor.Type;
            if (type != typeof(MLNetBenchmarks) && type != typeof(MLNetLatencyBenchmarks)) continue;
            if (report.ResultStatistics?.Mean is not (> 0 and double mean)) continue;
            means[$"{type.Name}.{report.BenchmarkCase.Descriptor.WorkloadMethod.Name}"] = mean;
        }
        if (means.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine($"ML.NET goal ratios (means of this run; 1-minute load average now {Load()}):");
        // Same images per operation in MLNetBenchmarks, so images/s ratios are inverse time ratios.
        Faster("ours_b1_vs_raw_ort_b1", "MLNetBenchmarks.OursBatch1", "MLNetBenchmarks.RawOrtBatch1", ">= 0.9");
        Faster("ours_b8_vs_raw_ort_b8", "MLNetBenchmarks.OursBatch8", "MLNetBenchmarks.RawOrtBatch8", ">= 0.9");
        Faster("ours_b8_vs_raw_ort_b1", "MLNetBenchmarks.OursBatch8", "MLNetBenchmarks.RawOrtBatch1", ">= 0.9");
        Faster("ours_b1_vs_stock", "MLNetBenchmarks.OursBatch1", "MLNetBenchmarks.Stock", ">= 2");
        Faster("ours_b8_vs_stock", "MLNetBenchmarks.OursBatch8", "MLNetBenchmarks.Stock", ">= 2");
        if (means.TryGetValue("MLNetLatencyBenchmarks.PredictionEngine", out double engine) && means.TryGetValue("MLNetLatencyBenchmarks.RawOrtBatch1", out double raw))
            Console.WriteLine($"prediction_engine_latency_vs_raw_ort_b1={F(engine / raw)} (goal <= 1.1; {F(engine / 1e6)} vs {F(raw / 1e6)} ms)");

        void Faster(string name, string ours, string peer, string goal)
        {
            if (means.TryGetValue(ours, out double a) && means.TryGetValue(peer, out double b))
                Console.WriteLine($"{name}={F(b / a)} (goal {goal})");
        }
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
