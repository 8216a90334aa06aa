using System.Diagnostics;
using System.Threading.Channels;

namespace Pix2Pix.Samples.Server;

/// <summary>Why <see cref="TranslationBatcher.TryEnqueue"/> did or did not take a request.</summary>
public enum EnqueueStatus
{
    /// <summary>Queued; its task completes when its batch has run.</summary>
    Accepted,

    /// <summary>The queue is at capacity; try again later.</summary>
    QueueFull,

    /// <summary>The batcher is stopping and takes no new requests.</summary>
    Stopping,
}

/// <summary>Thrown into the requests of a batch whose translation failed as a whole (not a bad image: those get an error outcome).</summary>
public sealed class BatchFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>Thrown into requests still queued when a shutdown ran out of time.</summary>
public sealed class BatcherStoppedException(string message) : Exception(message);

/// <summary>A snapshot of the batcher's state and counters, for <c>/health</c>.</summary>
/// <param name="Accepting">False once stopping began.</param>
/// <param name="QueueDepth">Requests waiting for a batch.</param>
/// <param name="QueueCapacity">The most that may wait.</param>
/// <param name="InFlight">Requests in batches being translated now.</param>
/// <param name="Batches">Batches run so far.</param>
/// <param name="Translated">Requests answered with an image so far.</param>
/// <param name="BadImages">Requests answered with an image's error so far.</param>
/// <param name="Rejected">Requests refused because the queue was full or the batcher was stopping.</param>
/// <param name="LargestBatch">The most requests one batch has held.</param>
public sealed record BatcherStatus(bool Accepting, int QueueDepth, int QueueCapacity, int InFlight, long Batches, long Translated,
    long BadImages, long Rejected, int LargestBatch);

/// <summary>
/// Dynamic batching: requests wait in a bounded queue; each of <c>workers</c> worker loops takes the first waiting
/// request, then more until it holds <c>maxBatchSize</c> or <c>maxWait</c> has passed since that first request
/// arrived, and translates them together with the <see cref="IBatchTranslator"/>. Every request gets its own outcome.
/// A full queue refuses at once (<see cref="EnqueueStatus.QueueFull"/>) instead of holding the caller. Stopping
/// (<see cref="StopAsync"/>) refuses new requests and finishes every queued and running one.
/// </summary>
public sealed class TranslationBatcher : IHostedService
{
    private readonly IBatchTranslator _translator;
    private readonly Channel<Job> _queue;
    private readonly int _maxBatchSize, _queueCapacity, _workerCount;
    private readonly TimeSpan _maxWait;
    private readonly ILogger? _logger;
    private Task[] _workers = [];
    private int _inFlight, _largestBatch;
    private long _batches, _translated, _badImages, _rejected;
    private volatile bool _stopping;

    /// <summary>Creates a batcher; <see cref="StartAsync"/> starts its workers.</summary>
    /// <param name="translator">Translates a batch.</param>
    /// <param name="maxBatchSize">Most requests per batch.</param>
    /// <param name="maxWait">How long a batch waits for more after its first request arrived.</param>
    /// <param name="queueCapacity">Most requests waiting.</param>
    /// <param name="workers">Batches run at the same time.</param>
    /// <param name="logger">Where start, drain and batch failures are logged; null logs nothing.</param>
    public TranslationBatcher(IBatchTranslator translator, int maxBatchSize, TimeSpan maxWait, int queueCapacity, int workers = 1,
        ILogger<TranslationBatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(translator);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _translator = translator;
        _maxBatchSize = maxBatchSize;
        _maxWait = maxWait;
        _queueCapacity = queueCapacity;
        _workerCount = workers;
        _logger = logger;
        _queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(queueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = workers == 1,
            SingleWriter = false,
        });
    }

    /// <summary>The current state and counters.</summary>
    public BatcherStatus Status => new(!_stopping, _queue.Reader.Count, _queueCapacity, Volatile.Read(ref _inFlight),
        Interlocked.Read(ref _batches), Interlocked.Read(ref _translated), Interlocked.Read(ref _badImages),
        Interlocked.Read(ref _rejected), Volatile.Read(ref _largestBatch));

    /// <summary>
    /// Queues one encoded image. Returns its outcome's task when <paramref name="status"/> is
    /// <see cref="EnqueueStatus.Accepted"/>, else null. The task faults with <see cref="BatchFailedException"/> when its
    /// batch failed as a whole, and is cancelled when <paramref name="requestAborted"/> fired before its batch began.
    /// </summary>
    public Task<TranslationOutcome>? TryEnqueue(byte[] image, CancellationToken requestAborted, out EnqueueStatus status)
    {
        ArgumentNullException.ThrowIfNull(image);
        var job = new Job(image, requestAborted, Stopwatch.GetTimestamp());
        if (!_stopping && _queue.Writer.TryWrite(job))
        {
            status = EnqueueStatus.Accepted;
            return job.Completion.Task;
        }
        Interlocked.Increment(ref _rejected);
        status = _stopping ? EnqueueStatus.Stopping : EnqueueStatus.QueueFull;
        return null;
    }

    /// <summary>Starts the worker loops.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = Enumerable.Range(0, _workerCount).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
        _logger?.LogInformation("batcher: {Workers} worker(s), batches of up to {MaxBatch}, {MaxWait} ms wait, queue of {Capacity}",
            _workerCount, _maxBatchSize, _maxWait.TotalMilliseconds, _queueCapacity);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Refuses new requests, then waits until every queued and running request has its outcome. If
    /// <paramref name="cancellationToken"/> fires first (the host's shutdown timeout), the requests still queued fail
    /// with <see cref="BatcherStoppedException"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        _logger?.LogInformation("batcher: stopping; finishing {Queued} queued and {InFlight} running request(s)",
            _queue.Reader.Count, Volatile.Read(ref _inFlight));
        Task all = Task.WhenAll(_workers);
        var timedOut = new TaskCompletionSource();
        await using (cancellationToken.Register(() => timedOut.TrySetResult()))
        {
            if (await Task.WhenAny(all, timedOut.Task).ConfigureAwait(false) == all)
            {
                await all.ConfigureAwait(false);
                return;
            }
        }
        int abandoned = 0;
        while (_queue.Reader.TryRead(out Job? job))
        {
            job.Completion.TrySetException(new BatcherStoppedException("the server stopped before this request's turn"));
            abandoned++;
        }
        _logger?.LogWarning("batcher: shutdown timed out; {Abandoned} queued request(s) abandoned", abandoned);
    }

    private async Task WorkAsync()
    {
        ChannelReader<Job> reader = _queue.Reader;
        var batch = new List<Job>(_maxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (!reader.TryRead(out Job? first)) continue;
            Take(batch, first);
            long deadline = first.Arrived + (long)(_maxWait.TotalSeconds * Stopwatch.Frequency);
            while (batch.Count < _maxBatchSize)
            {
                if (reader.TryRead(out Job? next))
                {
                    Take(batch, next);
                    continue;
                }
                TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (left <= TimeSpan.Zero || !await MoreWithinAsync(reader, left).ConfigureAwait(false)) break;
            }
            if (batch.Count > 0) Run(batch);
            batch.Clear();
        }
    }

    /// <summary>Adds a request to the batch, unless its caller has gone.</summary>
    private static void Take(List<Job> batch, Job job)
    {
        if (job.RequestAborted.IsCancellationRequested) job.Completion.TrySetCanceled(job.RequestAborted);
        else batch.Add(job);
    }

    /// <summary>True when a request can be read within <paramref name="wait"/>; false on timeout or when the queue is completed.</summary>
    private static async Task<bool> MoreWithinAsync(ChannelReader<Job> reader, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Run(List<Job> batch)
    {
        Interlocked.Add(ref _inFlight, batch.Count);
        Interlocked.Increment(ref _batches);
        int largest;
        while (batch.Count > (largest = Volatile.Read(ref _largestBatch)) && Interlocked.CompareExchange(ref _largestBatch, batch.Count, largest) != largest)
        {
        }
        try
        {
            IReadOnlyList<TranslationOutcome> outcomes = _translator.Translate(batch.Select(j => j.Image).ToList());
            if (outcomes.Count != batch.Count)
                throw new InvalidOperationException($"the translator returned {outcomes.Count} outcomes for {batch.Count} images");
            for (int i = 0; i < batch.Count; i++)
            {
                if (outcomes[i].Error is null) Interlocked.Increment(ref _translated);
                else Interlocked.Increment(ref _badImages);
                batch[i].Completion.TrySetResult(outcomes[i]);
            }
        }
        catch (Exception e)
        {
            _logger?.LogError(e, "batch of {Count} failed", batch.Count);
            foreach (Job job in batch) job.Completion.TrySetException(new BatchFailedException($"translation failed: {e.Message}", e));
        }
        finally
        {
            Interlocked.Add(ref _inFlight, -batch.Count);
        }
    }

    private sealed record Job(byte[] Image, CancellationToken RequestAborted, long Arrived)
    {
        public TaskCompletionSource<TranslationOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
