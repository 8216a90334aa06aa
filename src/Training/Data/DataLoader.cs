using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Training.Data;

/// <summary>
/// One epoch of batches. The order is fixed by (seed, epoch) — shuffled, or sorted with serial_batches — and each sample's
/// jitter by (seed, epoch, index), so the same arguments give the same batches on every run whatever the thread timing.
/// <see cref="DataOptions.NumWorkers"/> background threads start decoding at construction and run up to
/// <see cref="PrefetchCapacity"/> samples ahead of the consumer; with 0 workers samples load on the consuming thread.
/// The last, partial batch is kept. Dispose to stop the workers.
/// </summary>
public sealed class DataLoader : IDisposable
{
    private const ulong ShuffleDomain = 0x73687566666C6502;

    private readonly PairedImageDataset _dataset;
    private readonly DataOptions _options;
    private readonly int _epoch;
    private readonly long _seed;
    private readonly bool _train;
    private readonly int[] _order;
    private readonly Outcome?[] _ready;
    private readonly SemaphoreSlim _freeSlots;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _workers;
    private readonly object _gate = new();
    private readonly List<(string Path, string Reason)> _skipped = [];
    private readonly Stopwatch _waiting = new();
    private int _lastClaimed = -1;
    private int _buffered;
    private int _enumerated;
    private bool _disposed;

    /// <summary>Starts loading epoch <paramref name="epoch"/> of <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The split to read.</param>
    /// <param name="options">Batch size, workers, serial_batches and the bad-image policy; the dataset keeps its own preprocessing options.</param>
    /// <param name="epoch">Keys the shuffle and the jitter, with <paramref name="seed"/>.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="train">Shuffle (unless serial_batches) and jitter; false gives sorted order, centred crops and no flips.</param>
    /// <exception cref="ArgumentException">batch_size or num_workers is out of range.</exception>
    public DataLoader(PairedImageDataset dataset, DataOptions options, int epoch, long seed, bool train = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        DataOptionsValidation.ValidateLoader(options);
        (_dataset, _options, _epoch, _seed, _train) = (dataset, options, epoch, seed, train);
        _order = EpochOrder(dataset.Count, seed, epoch, shuffle: train && !options.SerialBatches);
        PrefetchCapacity = Math.Max(2 * options.BatchSize, 2 * options.NumWorkers);
        _ready = new Outcome?[PrefetchCapacity];
        _freeSlots = new SemaphoreSlim(PrefetchCapacity, PrefetchCapacity);
        _workers = new Thread[Math.Min(options.NumWorkers, Math.Max(1, dataset.Count))];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"pix2pix-data-{i}" };
            _workers[i].Start();
        }
    }

    /// <summary>Dataset indices in the order this epoch visits them.</summary>
    public IReadOnlyList<int> Order => _order;

    /// <summary>Batches in the epoch when nothing is skipped: ceil(count / batch_size).</summary>
    public int BatchCount => (_order.Length + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>Most samples decoded ahead of the consumer: max(2 × batch_size, 2 × num_workers).</summary>
    public int PrefetchCapacity { get; }

    /// <summary>Samples decoded (or failed) and waiting to be consumed.</summary>
    public int BufferedSamples => Volatile.Read(ref _buffered);

    /// <summary>Worker threads still alive; 0 after <see cref="Dispose"/> and soon after the last sample is decoded.</summary>
    public int RunningWorkers => _workers.Count(w => w.IsAlive);

    /// <summary>Time the consumer spent blocked waiting for a sample; near zero when the workers keep up.</summary>
    public TimeSpan ConsumerWait => _waiting.Elapsed;

    /// <summary>Images skipped so far under <see cref="BadImagePolicy.skip"/>, in epoch order.</summary>
    public IReadOnlyList<(string Path, string Reason)> Skipped => _skipped;

    /// <summary>
    /// The epoch's batches, in order; may be enumerated once. Under <see cref="BadImagePolicy.skip"/> unreadable pairs are
    /// left out and listed in <see cref="Skipped"/>; under <see cref="BadImagePolicy.fail"/> their <see cref="ImageLoadException"/> is thrown here.
    /// </summary>
    /// <exception cref="InvalidOperationException">Enumerated a second time, or images of one batch differ in size.</exception>
    public IEnumerable<PairBatch> Batches()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
            throw new InvalidOperationException("a DataLoader covers one epoch and is enumerated once; create a new one for the next epoch");
        return Enumerate();
    }

    /// <summary>Stops the workers (each finishes at most the image it is decoding) and waits for them.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
        _stop.Cancel();
        foreach (Thread worker in _workers)
            worker.Join();
        _stop.Dispose();
        _freeSlots.Dispose();
    }

    /// <summary>The dataset order of one epoch: Fisher–Yates shuffled from (seed, epoch), or 0..count-1.</summary>
    public static int[] EpochOrder(int count, long seed, int epoch, bool shuffle)
    {
        int[] order = Enumerable.Range(0, count).ToArray();
        if (shuffle)
            SplitMix64.For(seed, ShuffleDomain, epoch).Shuffle(order);
        return order;
    }

    private IEnumerable<PairBatch> Enumerate()
    {
        var pending = new List<PairSample>(_options.BatchSize);
        for (int position = 0; position < _order.Length; position++)
        {
            PairSample? sample = Take(position);
            if (sample is null)
                continue;
            pending.Add(sample);
            if (pending.Count == _options.BatchSize)
            {
                yield return PairBatch.Collate(pending, _dataset.Options.Preprocess);
                pending.Clear();
            }
        }
        if (pending.Count > 0)
            yield return PairBatch.Collate(pending, _dataset.Options.Preprocess);
    }

    private PairSample? Take(int position)
    {
        Outcome outcome = _workers.Length == 0 ? LoadAt(position) : Dequeue(position);
        if (outcome.Sample is not null)
            return outcome.Sample;
        if (outcome.Error is ImageLoadException bad && _options.BadImages == BadImagePolicy.skip)
        {
            _skipped.Add((bad.FilePath, bad.Reason));
            return null;
        }
        ExceptionDispatchInfo.Throw(outcome.Error!);
        return null;
    }

    private Outcome Dequeue(int position)
    {
        int slot = position % PrefetchCapacity;
        Outcome? outcome;
        lock (_gate)
        {
            if (_ready[slot] is null)
            {
                _waiting.Start();
                while (_ready[slot] is null && !_disposed)
                    Monitor.Wait(_gate);
                _waiting.Stop();
            }
            ObjectDisposedException.ThrowIf(_disposed, this);
            outcome = _ready[slot]!;
            _ready[slot] = null;
            _buffered--;
        }
        Debug.Assert(outcome.Position == position);
        _freeSlots.Release();
        return outcome;
    }

    private void WorkerLoop()
    {
        try
        {
            while (true)
            {
                _freeSlots.Wait(_stop.Token);
                int position = Interlocked.Increment(ref _lastClaimed);
                if (position >= _order.Length)
                {
                    _freeSlots.Release();
                    return;
                }
                Outcome outcome = LoadAt(position);
                lock (_gate)
                {
                    _ready[position % PrefetchCapacity] = outcome;
                    _buffered++;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Outcome LoadAt(int position)
    {
        try
        {
            return new Outcome(position, _dataset.Load(_order[position], _epoch, _seed, _train), null);
        }
        catch (Exception e)
        {
            return new Outcome(position, null, e);
        }
    }

    private sealed record Outcome(int Position, PairSample? Sample, Exception? Error);
}
