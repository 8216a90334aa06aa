using System.Collections.Concurrent;

namespace Pix2Pix.Inference;

/// <summary>
/// Dedicated threads for a pipeline's decode or encode work: exactly as many codec jobs run at once as the pipeline
/// has workers, whatever else the .NET thread pool is doing.
/// </summary>
internal sealed class CodecThreads : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = new();
    private readonly Thread[] _threads;

    public CodecThreads(int count, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"{name} {i}" };
            _threads[i].Start();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on one of these threads. What awaits the result continues on the thread pool, never
    /// on a codec thread: otherwise the pipeline's own code (even the end of a run, which disposes these threads) could
    /// end up running here.
    /// </summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach | TaskCreationOptions.RunContinuationsAsynchronously, this);

    public override int MaximumConcurrencyLevel => _threads.Length;

    protected override void QueueTask(Task task) => _queue.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    /// <summary>Lets the threads finish what was queued, then ends them.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
            if (thread != Thread.CurrentThread) thread.Join();
    }

    private void Work()
    {
        foreach (var task in _queue.GetConsumingEnumerable()) TryExecuteTask(task);
    }
}
