namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public void Eight_threads_times_fifty_runs_on_one_session()
    {
        const int threads = 8, runs = 50;
        using var session = Fixtures.Open(Fixtures.Conv);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var r = 0; r < runs; r++)
            {
                var (n, h, w) = (1 + (t + r) % 3, 3 + t % 4, 4 + r % 5);
                var x = Fixtures.Random(n * 3 * h * w, seed: t * 1000 + r);
                var expected = Fixtures.ReferenceConv(x, n, h, w);
                using var input = OrtValue.CreateTensor(x, [n, 3, h, w]);
                using var results = session.Run(["input"], [input]);
                var y = results[0].GetTensorData<float>();
                if (y.Length != expected.Length) { failures.Add($"thread {t} run {r}: length {y.Length}"); continue; }
                for (var i = 0; i < y.Length; i++)
                    if (Math.Abs(y[i] - expected[i]) > 1e-4f) { failures.Add($"thread {t} run {r}: element {i}"); break; }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void Concurrent_runs_sharing_one_input_value()
    {
        using var session = Fixtures.Open(Fixtures.Add);
        float[] a = [1, 2, 3, 4], b = [10, 20, 30, 40];
        using var va = OrtValue.CreateTensor(a, [1, 4]);
        using var vb = OrtValue.CreateTensor(b, [1, 4]);
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            using var r = session.Run(["a", "b"], [va, vb]);
            Assert.Equal(new float[] { 11, 22, 33, 44 }, r["sum"].GetTensorData<float>().ToArray());
        });
    }
}
