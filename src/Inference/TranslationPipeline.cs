using System.Runtime.CompilerServices;
using System.Threading.Channels;
using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Weights;

namespace Pix2Pix.Inference;

/// <summary>
/// Streams requests through decode workers → batched model runs → encode/write workers, with bounded queues between
/// the stages so reading and writing overlap inference and memory stays bounded. Results come back in request order;
/// a failing item yields a failed result and the stream goes on.
/// </summary>
public sealed class TranslationPipeline
{
    private readonly Translator _translator;
    private readonly PipelineOptions _options;

    /// <summary>Creates a pipeline over <paramref name="translator"/>, which must outlive every run.</summary>
    public TranslationPipeline(Translator translator, PipelineOptions? options = null)
    {
        _translator = translator ?? throw new ArgumentNullException(nameof(translator));
        _options = options ?? new PipelineOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public PipelineOptions Options => _options;

    /// <inheritdoc cref="RunAsync(IAsyncEnumerable{TranslationRequest}, CancellationToken)"/>
    public IAsyncEnumerable<TranslationResult> RunAsync(IEnumerable<TranslationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return RunAsync(Stream(requests), cancellationToken);
    }

    /// <summary>
    /// Translates every request and yields one result per request, in request order. Stopping the enumeration early
    /// cancels the remaining work. An exception from <paramref name="requests"/> itself ends the stream with that exception.
    /// </summary>
    /// <exception cref="OpenCvUnavailableException">OpenCV cannot be loaded (thrown once, before any item, not per item).</exception>
    public async IAsyncEnumerable<TranslationResult> RunAsync(IAsyncEnumerable<TranslationRequest> requests,
                                                              [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        OpenCvRuntime.EnsureLoaded();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var bounded = new BoundedChannelOptions(_options.QueueCapacity) { SingleReader = true, SingleWriter = true };
        var decoded = Channel.CreateBounded<Task<Staged>>(bounded);
        var finished = Channel.CreateBounded<Task<TranslationResult>>(bounded);
        using var decoders = new StageThreads(_options.DecodeWorkers, "pix2pix decode");
        using var encoders = new StageThreads(_options.EncodeWorkers, "pix2pix encode");
        using var runners = new StageThreads(_options.ConcurrentRuns, "pix2pix run");
        Task producer = Task.Run(() => ProduceAsync(requests, decoded.Writer, decoders, cts.Token));
        Task inference = Task.Run(() => InferAsync(decoded.Reader, finished.Writer, runners, encoders, cts.Token));
        try
        {
            await foreach (Task<TranslationResult> result in finished.Reader.ReadAllAsync(cts.Token).ConfigureAwait(false))
                yield return await result.ConfigureAwait(false);
            await Task.WhenAll(producer, inference).ConfigureAwait(false);
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await Quietly(Task.WhenAll(producer, inference)).ConfigureAwait(false);
            while (decoded.Reader.TryRead(out var pending)) await DisposeWhenDone(pending).ConfigureAwait(false);
            while (finished.Reader.TryRead(out var pending)) await Quietly(pending).ConfigureAwait(false);
        }
    }

    private async Task ProduceAsync(IAsyncEnumerable<TranslationRequest> requests, ChannelWriter<Task<Staged>> writer, StageThreads decoders, CancellationToken ct)
    {
        Exception? error = null;
        using var slots = new SemaphoreSlim(_options.DecodeWorkers);
        var running = new List<Task>();
        try
        {
            int index = 0;
            await foreach (TranslationRequest request in requests.WithCancellation(ct).ConfigureAwait(false))
            {
                ArgumentNullException.ThrowIfNull(request, nameof(requests));
                await slots.WaitAsync(ct).ConfigureAwait(false);
                int i = index++;
                Task<Staged> task = Task.Run(() => DecodeAsync(i, request, slots, decoders, ct));
                running.Add(task);
                running.RemoveAll(t => t.IsCompleted);
                try
                {
                    await writer.WriteAsync(task, ct).ConfigureAwait(false);
                }
                catch
                {
                    _ = DisposeWhenDone(task);
                    throw;
                }
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            await Quietly(Task.WhenAll(running)).ConfigureAwait(false);
            writer.TryComplete(error);
        }
    }

    private async Task<Staged> DecodeAsync(int index, TranslationRequest request, SemaphoreSlim slots, StageThreads decoders, CancellationToken ct)
    {
        try
        {
            ReadOnlyMemory<byte> bytes = await request.Source.ReadAsync(ct).ConfigureAwait(false);
            PreparedImage prepared = await decoders.Run(() =>
            {
                using Mat image = request.Source.Decode(bytes);
                return _translator.Prepare(image);
            }, ct).ConfigureAwait(false);
            return new Staged(index, request, prepared, null);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            return new Staged(index, request, null, e);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task InferAsync(ChannelReader<Task<Staged>> reader, ChannelWriter<Task<TranslationResult>> writer, StageThreads runners,
                                  StageThreads encoders, CancellationToken ct)
    {
        Exception? error = null;
        var batch = new List<Staged>();
        using var slots = new SemaphoreSlim(_options.EncodeWorkers);
        using var runs = new SemaphoreSlim(_options.ConcurrentRuns);
        var running = new List<Task>();
        try
        {
            int size = _translator.Model.FixedBatch ?? _translator.Options.BatchSize;
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (batch.Count < size)
                {
                    if (reader.TryRead(out var next)) batch.Add(await next.ConfigureAwait(false));
                    else if (!await reader.WaitToReadAsync(ct).ConfigureAwait(false)) break;
                }
                await runs.WaitAsync(ct).ConfigureAwait(false);
                List<Staged> taken = [.. batch];
                batch.Clear();
                // Not cancellable once taken: Translate disposes the batch's images.
                Task<List<Translated>> translated = runners.Run(() =>
                {
                    try { return Translate(taken); }
                    finally { runs.Release(); }
                }, CancellationToken.None);
                running.Add(translated);
                for (int k = 0; k < taken.Count; k++)
                {
                    int item = k;
                    // The encode slot is awaited inside the task: the next model run must not wait for this batch's encodes.
                    Task<TranslationResult> task = Task.Run(async () => await FinishAsync((await translated.ConfigureAwait(false))[item], slots, encoders, ct).ConfigureAwait(false));
                    running.Add(task);
                    await writer.WriteAsync(task, ct).ConfigureAwait(false);
                }
                running.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            foreach (Staged s in batch) s.Image?.Dispose();
            await Quietly(Task.WhenAll(running)).ConfigureAwait(false);
            writer.TryComplete(error);
        }
    }

    /// <summary>Runs one batch; a failed model run is retried image by image so that one bad image fails alone.</summary>
    private List<Translated> Translate(List<Staged> batch)
    {
        var outputs = new Mat?[batch.Count];
        var errors = new Exception?[batch.Count];
        try
        {
            var untiled = new List<int>();
            for (int i = 0; i < batch.Count; i++)
            {
                if (batch[i].Error is { } e) errors[i] = e;
                else if (batch[i].Image!.Tiled) Attempt(i, () => _translator.TranslateTiled(batch[i].Image!.Input));
                else untiled.Add(i);
            }
            try
            {
                var results = _translator.RunPrepared(untiled.Select(i => batch[i].Image!).ToList());
                for (int k = 0; k < untiled.Count; k++) outputs[untiled[k]] = results[k];
            }
            catch (Exception) when (untiled.Count > 1)
            {
                foreach (int i in untiled) Attempt(i, () => _translator.RunPrepared([batch[i].Image!])[0]);
            }
            catch (Exception e) when (untiled.Count == 1)
            {
                errors[untiled[0]] = e;
            }
        }
        finally
        {
            foreach (Staged s in batch) s.Image?.Dispose();
        }
        return batch.Select((s, i) => new Translated(s.Index, s.Request, outputs[i], errors[i])).ToList();

        void Attempt(int i, Func<Mat> run)
        {
            try { outputs[i] = run(); }
            catch (Exception e) { errors[i] = e; }
        }
    }

    private async Task<TranslationResult> FinishAsync(Translated item, SemaphoreSlim slots, StageThreads encoders, CancellationToken ct)
    {
        var result = new TranslationResult { Index = item.Index, SourceName = item.Request.Source.Name };
        bool slotTaken = false;
        try
        {
            if (item.Error is not null) return result with { Error = item.Error.Message, Exception = item.Error };
            await slots.WaitAsync(ct).ConfigureAwait(false);
            slotTaken = true;
            Mat image = item.Output!;
            string? path = item.Request.OutputPath;
            byte[] encoded = await encoders.Run(() => ImageCodec.Encode(image, path is null ? _options.OutputFormat : Path.GetExtension(path), _options.JpegQuality), ct)
                .ConfigureAwait(false);
            if (path is not null) await AtomicFile.WriteAllBytesAsync(path, encoded, ct).ConfigureAwait(false);
            return result with { OutputPath = path, Encoded = path is null ? encoded : null, Width = image.Width, Height = image.Height };
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            return result with { Error = item.Request.OutputPath is { } p ? $"cannot write '{p}': {e.Message}" : e.Message, Exception = e };
        }
        finally
        {
            item.Output?.Dispose();
            if (slotTaken) slots.Release();
        }
    }

    private static async Task DisposeWhenDone(Task<Staged> task)
    {
        try { (await task.ConfigureAwait(false)).Image?.Dispose(); }
        catch (OperationCanceledException) { }
    }

    private static async Task Quietly(Task task)
    {
        try { await task.ConfigureAwait(false); }
        catch (Exception) { }
    }

#pragma warning disable CS1998
    private static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
#pragma warning restore CS1998
    {
        foreach (T item in items) yield return item;
    }

    private sealed record Staged(int Index, TranslationRequest Request, PreparedImage? Image, Exception? Error);

    private sealed record Translated(int Index, TranslationRequest Request, Mat? Output, Exception? Error);
}
