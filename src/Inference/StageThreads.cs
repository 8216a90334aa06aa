using System.Collections.Concurrent;

namespace Pix2Pix.Inference;

/// <summary>
/// Dedicated threads for one stage of a pipeline (decode, model runs, encode): exactly as many of its jobs run at once
/// as the stage has workers, whatever else the .NET thread pool is doing — and the stage's blocking native calls never
/// hold thread-pool threads. (On 2 cores the pool starts with 2 threads: two model runs blocking them delayed every
/// continuation, and so every encode and the next run's start, until the pool grew, by up to half a second.)
/// </summary>
internal sealed class StageThreads : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = new();
    private readonly Thread[] _threads;

    public StageThreads(int count, string name)
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
    /// on a stage thread: otherwise the pipeline's own code (even the end of a run, which disposes these threads) could
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
