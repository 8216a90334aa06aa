using System.Threading.Channels;
using Microsoft.ML;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// Translates the rows of a look-ahead cursor a batch at a time with the stages overlapped: while batch k runs on the
/// model, batch k+1 is read and decoded on another task and batch k−1 is encoded (its images in parallel). Finished
/// batches wait, at most one, for the reader, so at most about four batches are held at once. Nothing starts before the
/// first <see cref="Next"/>; <see cref="Dispose"/> stops the work, waits for it and releases every image still held.
/// </summary>
internal sealed class BatchPipeline : IDisposable
{
    private readonly RowTranslator _rows;
    private readonly DataViewRowCursor _ahead;
    private readonly ImageSourceReader _reader;
    private readonly int _batchSize;
    private readonly Channel<Task<Batch>> _finished =
        Channel.CreateBounded<Task<Batch>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _producer;
    private bool _disposed;

    /// <summary>Creates the pipeline over <paramref name="ahead"/>, which it reads (from its own tasks) but does not dispose.</summary>
    public BatchPipeline(RowTranslator rows, DataViewRowCursor ahead, ImageSourceReader reader, int batchSize)
    {
        _rows = rows;
        _ahead = ahead;
        _reader = reader;
        _batchSize = batchSize;
    }

    /// <summary>A translated batch: the position of its first row and its rows' outcomes.</summary>
    public readonly record struct Batch(long Start, RowOutcome[] Outcomes);

    /// <summary>The next batch, or null at the end of the input; throws what stopped the pipeline (a failure of no single row).</summary>
    public Batch? Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _producer ??= Task.Run(ProduceAsync);
        ChannelReader<Task<Batch>> reader = _finished.Reader;
        Task<Batch>? batch;
        while (!reader.TryRead(out batch))
        {
            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) return null;
        }
        return batch.GetAwaiter().GetResult();
    }

    private async Task ProduceAsync()
    {
        CancellationToken stop = _stop.Token;
        ChannelWriter<Task<Batch>> writer = _finished.Writer;
        Task<ReadBatch>? reading = Task.Run(() => Read(stop));
        Task<Batch>? unwritten = null;
        Exception? failure = null;
        try
        {
            while (reading is not null)
            {
                ReadBatch read = await reading.ConfigureAwait(false);
                reading = read.End ? null : Task.Run(() => Read(stop));
                if (read.Rows.Length > 0)
                {
                    unwritten = Translate(read.Rows);
                    await writer.WriteAsync(unwritten, stop).ConfigureAwait(false);
                    unwritten = null;
                }
                failure = read.Error;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            // Stopped early: let the read and the encoding under way finish, and release what they hold.
            if (reading is not null)
            {
                await Task.WhenAny(reading).ConfigureAwait(false);
                if (reading.IsCompletedSuccessfully) _rows.Release(reading.Result.Rows);
            }
            if (unwritten is not null) await Task.WhenAny(unwritten).ConfigureAwait(false);
            // The reader gets the batches written before, then this failure (or the end).
            writer.TryComplete(failure);
        }
    }

    /// <summary>
    /// Up to a batch of rows, read and decoded (a row's bad image is kept as its failure); a failure of the input cursor
    /// itself ends the input, after the rows read before it.
    /// </summary>
    private ReadBatch Read(CancellationToken stop)
    {
        var rows = new List<RowImage>(_batchSize);
        try
        {
            while (rows.Count < _batchSize)
            {
                stop.ThrowIfCancellationRequested();
                try
                {
                    if (!_ahead.MoveNext()) return new ReadBatch([.. rows], End: true, null);
                    rows.Add(_rows.Read(_reader, _ahead.Position));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return new ReadBatch([.. rows], End: true, e);
                }
            }
            return new ReadBatch([.. rows], End: false, null);
        }
        catch
        {
            _rows.Release(rows);
            throw;
        }
    }

    /// <summary>Runs the model on this task and starts the encoding on another; the rows' images are released either way.</summary>
    private Task<Batch> Translate(RowImage[] rows)
    {
        try
        {
            _rows.Run(rows);
        }
        catch
        {
            _rows.Release(rows);
            throw;
        }
        long start = rows[0].Row;
        return Task.Run(() => new Batch(start, _rows.Finish(rows, parallel: true)));
    }

    /// <summary>Stops the work and waits for it; images not handed out are released.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        _producer?.GetAwaiter().GetResult();
        // Finished batches nobody will read: their encoding has released (or is releasing) their images.
        while (_finished.Reader.TryRead(out Task<Batch>? batch)) Task.WhenAny(batch).GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private readonly record struct ReadBatch(RowImage[] Rows, bool End, Exception? Error);
}
