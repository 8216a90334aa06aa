using OpenCvSharp;

namespace Pix2Pix.Inference.Tests;

[CollectionDefinition(nameof(ThreadCountTests), DisableParallelization = true)]
public sealed class ThreadCountCollection;

/// <summary>The translator's thread settings reach ONNX Runtime: counts the threads its session starts (Linux only).</summary>
[Collection(nameof(ThreadCountTests))]
public sealed class ThreadCountTests
{
    private static HashSet<string> Threads() => Directory.GetDirectories("/proc/self/task").Select(Path.GetFileName).ToHashSet()!;

    /// <summary>
    /// Threads that appear while a translator is open and are gone once it is disposed (ONNX Runtime joins its pool):
    /// .NET thread-pool threads starting or retiring meanwhile (other tests' leftovers) are not counted.
    /// </summary>
    private static int ThreadsStartedBy(TranslatorOptions options)
    {
        var best = int.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            HashSet<string> before = Threads(), open;
            using (new Translator(Fixtures.ConvTanh, options))
                open = Threads();
            open.ExceptWith(before);
            open.ExceptWith(Threads());
            best = Math.Min(best, open.Count);
        }
        return best;
    }

    [Fact]
    public void Intra_op_threads_start_a_pool_of_that_size()
    {
        if (!OperatingSystem.IsLinux()) return;
        _ = ThreadsStartedBy(Fixtures.Light); // ONNX Runtime's process-wide threads, if any, start here
        Assert.Equal(3, ThreadsStartedBy(new TranslatorOptions { IntraOpThreads = 4 }));
        Assert.Equal(0, ThreadsStartedBy(new TranslatorOptions { IntraOpThreads = 1 }));
        Assert.Equal(1, ThreadsStartedBy(new TranslatorOptions
        {
            IntraOpThreads = 2, SessionConfig = new Dictionary<string, string> { ["session.intra_op.allow_spinning"] = "0" },
        }));
    }
}

/// <summary>The tensor entry point and the reused, pinned run buffers under concurrency and changing sizes.</summary>
public sealed class OrtSessionTests
{
    private static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    private static float[] Reference(float[] x, int batch, int h, int w)
    {
        var y = new float[x.Length];
        int item = 3 * h * w;
        for (int k = 0; k < batch; k++)
            Fixtures.ReferenceConvTanh(x[(k * item)..((k + 1) * item)], h, w).CopyTo(y, k * item);
        return y;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"{what}: element {i} is {actual[i]}, expected {expected[i]}");
    }

    [Fact]
    public void Runs_at_a_new_size_and_again_at_a_known_size_match_the_reference()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        foreach (var (batch, h, w, seed) in new[] { (2, 5, 7, 1), (2, 5, 7, 2), (1, 9, 4, 3), (2, 5, 7, 4), (3, 6, 6, 5), (1, 9, 4, 6) })
        {
            var x = Random(batch * 3 * h * w, seed);
            var y = new float[x.Length];
            translator.Run(x, y, batch, h, w);
            AssertClose(Reference(x, batch, h, w), y, $"[{batch}, 3, {h}, {w}] seed {seed}");
        }
    }

    [Fact]
    public void Eight_threads_with_mixed_sizes_share_one_translator()
    {
        const int threads = 8, runs = 25;
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int r = 0; r < runs; r++)
            {
                var (batch, h, w) = (1 + (t + r) % 3, 3 + t % 4, 4 + r % 5);
                var x = Random(batch * 3 * h * w, t * 1000 + r);
                var y = new float[x.Length];
                translator.Run(x, y, batch, h, w);
                var expected = Reference(x, batch, h, w);
                for (int i = 0; i < y.Length; i++)
                    if (Math.Abs(y[i] - expected[i]) > 1e-5f) { failures.Add($"thread {t} run {r} [{batch}, 3, {h}, {w}]: element {i}"); break; }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void Run_refuses_buffers_of_the_wrong_size()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        Assert.Throws<ArgumentException>(() => translator.Run(new float[3 * 4 * 4], new float[3 * 4 * 4], 2, 4, 4));
        Assert.Throws<ArgumentException>(() => translator.Run(new float[3 * 4 * 4], new float[3 * 4 * 5], 1, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => translator.Run([], [], 0, 4, 4));
    }

    [Fact]
    public void A_disposed_translator_refuses_to_run()
    {
        var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        translator.Dispose();
        translator.Dispose();
        using Mat image = Fixtures.Image(8, 8);
        Assert.Throws<ObjectDisposedException>(() => translator.Translate(image));
    }
}
