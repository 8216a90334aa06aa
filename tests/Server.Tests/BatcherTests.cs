using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Samples.Server.Tests;

/// <summary><see cref="TranslationBatcher"/> on its own (no HTTP), over the ML.NET translator of the demo model.</summary>
public sealed class BatcherTests : IDisposable
{
    private readonly MlNetBatchTranslator _model = new(ServerHost.DemoModel, maxBatchSize: 8, intraOpThreads: 0);

    [Fact]
    public async Task Queued_requests_are_taken_in_batches_of_at_most_MaxBatchSize_in_arrival_order()
    {
        var gate = new GatedTranslator(_model);
        var batcher = new TranslationBatcher(gate, maxBatchSize: 8, TimeSpan.FromMilliseconds(50), queueCapacity: 32);
        await batcher.StartAsync(CancellationToken.None);
        byte[][] images = Enumerable.Range(0, 21).Select(i => FacadesStyleLabels.Encoded(i, ".png", side: 64)).ToArray();
        Task<TranslationOutcome> first = batcher.TryEnqueue(images[0], CancellationToken.None, out _)!;
        await gate.EnteredAsync();
        var rest = images.Skip(1).Select(image => batcher.TryEnqueue(image, CancellationToken.None, out EnqueueStatus s) ?? throw new InvalidOperationException(s.ToString())).ToList();
        Assert.Equal(20, batcher.Status.QueueDepth);
        gate.Open();
        TranslationOutcome[] outcomes = await Task.WhenAll(rest.Prepend(first));
        Assert.Equal([1, 8, 8, 4], gate.BatchSizes);
        Assert.Equal(8, batcher.Status.LargestBatch);
        using var reference = new ReferenceTranslator(ServerHost.DemoModel);
        for (int i = 0; i < images.Length; i++)
        {
            Assert.Null(outcomes[i].Error);
            ServeTests.AssertSamePixels(reference.Png(images[i]), outcomes[i].Png!, $"request {i}");
        }
        await batcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_request_whose_caller_left_is_dropped_before_its_batch()
    {
        var gate = new GatedTranslator(_model);
        var batcher = new TranslationBatcher(gate, maxBatchSize: 8, TimeSpan.Zero, queueCapacity: 8);
        await batcher.StartAsync(CancellationToken.None);
        byte[] image = FacadesStyleLabels.Encoded(5, ".png", side: 64);
        Task<TranslationOutcome> first = batcher.TryEnqueue(image, CancellationToken.None, out _)!;
        await gate.EnteredAsync();
        using var left = new CancellationTokenSource();
        Task<TranslationOutcome> abandoned = batcher.TryEnqueue(image, left.Token, out _)!;
        Task<TranslationOutcome> kept = batcher.TryEnqueue(image, CancellationToken.None, out _)!;
        left.Cancel();
        gate.Open();
        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.NotNull((await kept).Png);
        Assert.Equal([1, 1], gate.BatchSizes);
        await batcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_batch_that_fails_as_a_whole_fails_each_of_its_requests_and_the_next_batch_runs()
    {
        var failing = new FailOnce(_model);
        var batcher = new TranslationBatcher(failing, maxBatchSize: 4, TimeSpan.Zero, queueCapacity: 8);
        byte[] image = FacadesStyleLabels.Encoded(6, ".png", side: 64);
        Task<TranslationOutcome>[] doomed = Enumerable.Range(0, 3).Select(i => batcher.TryEnqueue(image, CancellationToken.None, out _)!).ToArray();
        await batcher.StartAsync(CancellationToken.None);
        foreach (Task<TranslationOutcome> request in doomed)
        {
            var e = await Assert.ThrowsAsync<BatchFailedException>(() => request);
            Assert.Equal("translation failed: the model ran out of memory", e.Message);
        }
        TranslationOutcome after = await batcher.TryEnqueue(image, CancellationToken.None, out _)!;
        Assert.NotNull(after.Png);
        await batcher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_refuses_new_requests_and_a_shutdown_timeout_fails_the_ones_still_queued()
    {
        var gate = new GatedTranslator(_model);
        var batcher = new TranslationBatcher(gate, maxBatchSize: 1, TimeSpan.Zero, queueCapacity: 4);
        await batcher.StartAsync(CancellationToken.None);
        byte[] image = FacadesStyleLabels.Encoded(9, ".png", side: 64);
        Task<TranslationOutcome> running = batcher.TryEnqueue(image, CancellationToken.None, out _)!;
        await gate.EnteredAsync();
        Task<TranslationOutcome> queued = batcher.TryEnqueue(image, CancellationToken.None, out _)!;
        using var timeout = new CancellationTokenSource();
        Task stopping = batcher.StopAsync(timeout.Token);
        Assert.Null(batcher.TryEnqueue(image, CancellationToken.None, out EnqueueStatus status));
        Assert.Equal(EnqueueStatus.Stopping, status);
        timeout.Cancel();
        await stopping;
        var e = await Assert.ThrowsAsync<BatcherStoppedException>(() => queued);
        Assert.Equal("the server stopped before this request's turn", e.Message);
        gate.Open();
        Assert.NotNull((await running).Png);
    }

    public void Dispose() => _model.Dispose();

    private sealed class FailOnce(IBatchTranslator inner) : IBatchTranslator
    {
        private int _calls;

        public IReadOnlyList<TranslationOutcome> Translate(IReadOnlyList<byte[]> images) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new OutOfMemoryException("the model ran out of memory") : inner.Translate(images);
    }
}
