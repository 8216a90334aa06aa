using BenchmarkDotNet.Attributes;
using Pix2Pix.Export;
using Pix2Pix.Imaging;
using Pix2Pix.Inference;
using Pix2Pix.Onnx.Quantization;
using Pix2Pix.Training.Synthetic;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>
/// The production path end to end at 256²: a <see cref="TranslationPipeline"/> as <c>pix2pix convert</c> sets it up on
/// this machine (<see cref="CpuParallelism.Split"/> runs × threads), over <see cref="Images"/> in-memory PNG label maps
/// (the demo's procedural scenes): decode → batch → ONNX Runtime → PNG encode. One operation is the whole stream.
/// </summary>
public class PipelineBenchmarks
{
    private Translator? _translator;
    private TranslationPipeline? _pipeline;
    private byte[][] _pngs = [];

    [Params(ModelKind.Fp32, ModelKind.Int8)]
    public ModelKind Model { get; set; }

    [Params(1, 4)]
    public int Batch { get; set; }

    /// <summary>Images per operation (read by the img/s column).</summary>
    [Params(16)]
    public int Images { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (runs, threads) = CpuParallelism.Split(Environment.ProcessorCount);
        var path = BenchmarkModels.PathOf(Model, Model == ModelKind.Int8 ? QuantizeOptions.DefaultConvTransposeForm : new ExportOptions().ConvTransposeAs);
        _translator = new Translator(path, new TranslatorOptions { BatchSize = Batch, IntraOpThreads = threads });
        _pipeline = new TranslationPipeline(_translator, new PipelineOptions { ConcurrentRuns = runs, OutputFormat = ".png" });
        var options = new SyntheticOptions(Size: BenchmarkModels.Side);
        _pngs = Enumerable.Range(0, Images).Select(i => LabelPng(i, options)).ToArray();
        Stream();
    }

    [Benchmark]
    public int Stream()
    {
        int done = 0;
        var requests = _pngs.Select((png, i) => new TranslationRequest(ImageSource.FromBytes(png, $"label{i}.png")));
        foreach (var result in _pipeline!.RunAsync(requests).ToBlockingEnumerable())
        {
            if (!result.Succeeded) throw new InvalidOperationException($"{result.SourceName}: {result.Error}");
            done++;
        }
        return done;
    }

    [GlobalCleanup]
    public void Cleanup() => _translator?.Dispose();

    private static byte[] LabelPng(int index, SyntheticOptions options)
    {
        var (a, _) = SyntheticPairs.Render(index, options);
        using var mat = Pixels.FromRgb(a, options.Size, options.Size);
        return ImageCodec.Encode(mat, ".png");
    }
}
