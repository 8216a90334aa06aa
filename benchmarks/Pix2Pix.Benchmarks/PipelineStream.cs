using System.Diagnostics;
using Pix2Pix.Inference;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// Our production path end to end: a <see cref="TranslationPipeline"/> (what <c>pix2pix convert</c> and
/// <see cref="ConversionPlan"/> run) over in-memory encoded images: decode → preprocess → batch → ONNX Runtime →
/// postprocess → PNG encode, results as encoded bytes.
/// </summary>
internal sealed class PipelineStream : IDisposable
{
    private readonly Translator _translator;
    private readonly TranslationPipeline _pipeline;
    private readonly IReadOnlyList<byte[]> _encoded;

    public PipelineStream(string modelPath, int threads, int batch, IReadOnlyList<byte[]> encoded, IReadOnlyDictionary<string, string>? sessionConfig = null, int concurrentRuns = 1)
    {
        _translator = new Translator(modelPath, new TranslatorOptions
        {
            BatchSize = batch, IntraOpThreads = threads, SessionConfig = sessionConfig ?? new Dictionary<string, string>(),
        });
        _pipeline = new TranslationPipeline(_translator, new PipelineOptions { OutputFormat = ".png", ConcurrentRuns = concurrentRuns });
        _encoded = encoded;
    }

    public PipelineOptions Options => _pipeline.Options;

    /// <summary>Seconds to stream <paramref name="count"/> images (the inputs cycled) through the pipeline; every result is checked.</summary>
    public double RunSeconds(int count, int expectedSide)
    {
        var requests = Enumerable.Range(0, count)
            .Select(i => new TranslationRequest(ImageSource.FromBytes(_encoded[i % _encoded.Count], $"label{i}.png")));
        var clock = Stopwatch.StartNew();
        int received = 0;
        foreach (var result in _pipeline.RunAsync(requests).ToBlockingEnumerable())
        {
            if (!result.Succeeded) throw new InvalidOperationException($"{result.SourceName}: {result.Error}");
            if (result.Width != expectedSide || result.Height != expectedSide || result.Encoded is not { Length: > 0 })
                throw new InvalidOperationException($"{result.SourceName}: {result.Width}x{result.Height}, expected {expectedSide}x{expectedSide} PNG bytes");
            received++;
        }
        double seconds = clock.Elapsed.TotalSeconds;
        if (received != count) throw new InvalidOperationException($"the pipeline returned {received} results for {count} requests");
        return seconds;
    }

    public void Dispose() => _translator.Dispose();
}
