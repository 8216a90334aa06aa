namespace Pix2Pix.OnnxRuntime.Tests;

[CollectionDefinition(nameof(ThreadPoolTests), DisableParallelization = true)]
public sealed class SerialCollection;

/// <summary>Checks the thread-count setters reach the right OrtApi slots by counting the threads ORT starts (Linux only).</summary>
[Collection(nameof(ThreadPoolTests))]
public sealed class ThreadPoolTests
{
    private static int ThreadCount() => Directory.GetDirectories("/proc/self/task").Length;

    private static int ThreadsStartedBy(Action<SessionOptions> configure)
    {
        var best = int.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var options = new SessionOptions();
            configure(options);
            var before = ThreadCount();
            using var session = new InferenceSession(Fixtures.Add, options);
            best = Math.Min(best, ThreadCount() - before);
        }
        return best;
    }

    [Fact]
    public void Intra_op_threads_start_a_pool_of_that_size()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal(3, ThreadsStartedBy(o => { o.IntraOpNumThreads = 4; o.InterOpNumThreads = 1; }));
        Assert.Equal(0, ThreadsStartedBy(o => { o.IntraOpNumThreads = 1; o.InterOpNumThreads = 1; }));
    }

    [Fact]
    public void Inter_op_threads_start_a_pool_in_parallel_mode()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal(2, ThreadsStartedBy(o => { o.IntraOpNumThreads = 1; o.InterOpNumThreads = 3; o.ExecutionMode = ExecutionMode.Parallel; }));
        Assert.Equal(0, ThreadsStartedBy(o => { o.IntraOpNumThreads = 1; o.InterOpNumThreads = 3; o.ExecutionMode = ExecutionMode.Sequential; }));
    }
}
