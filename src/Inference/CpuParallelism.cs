namespace Pix2Pix.Inference;

/// <summary>
/// How batch conversion on CPU splits the cores: several single-threaded (or few-threaded) model runs in flight at
/// once beat one run spread over every core, because each multi-threaded operator ends in a barrier where threads
/// wait for the slowest — and a decode or encode worker that takes a core makes one thread the slowest. Measured on
/// 2 cores with unet_256 (docs/benchmarks.md): 2 runs × 1 thread keep up with raw ONNX Runtime on 2 threads while
/// also decoding and encoding every image.
/// </summary>
public static class CpuParallelism
{
    /// <summary>Most runs kept in flight by default (each holds a batch of activations in memory).</summary>
    public const int MaxDefaultRuns = 4;

    /// <summary>
    /// Concurrent runs and intra-op threads per run for <paramref name="cores"/> cores, given optional user choices
    /// (0 = choose): runs = cores / threads when threads are given, else min(cores, <see cref="MaxDefaultRuns"/>);
    /// threads = cores / runs (at least 1).
    /// </summary>
    public static (int Runs, int ThreadsPerRun) Split(int cores, int runs = 0, int threadsPerRun = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(runs);
        ArgumentOutOfRangeException.ThrowIfNegative(threadsPerRun);
        if (runs == 0) runs = threadsPerRun > 0 ? Math.Max(1, cores / threadsPerRun) : Math.Min(cores, MaxDefaultRuns);
        if (threadsPerRun == 0) threadsPerRun = Math.Max(1, cores / runs);
        return (runs, threadsPerRun);
    }
}
