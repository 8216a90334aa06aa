using BenchmarkDotNet.Attributes;
using Pix2Pix.Export;
using Pix2Pix.Onnx.Quantization;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>unet_256 at 256²: float32 vs int8 QDQ, each in its default form (<see cref="ConvTransposeForm.Auto"/>) × batch × intra-op threads. One operation is one batch.</summary>
public class LatencyBenchmarks
{
    private SessionBench? _bench;

    [Params(ModelKind.Fp32, ModelKind.Int8)]
    public ModelKind Model { get; set; }

    [Params(1, 4, 8)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var form = Model == ModelKind.Int8 ? QuantizeOptions.DefaultConvTransposeForm : new ExportOptions().ConvTransposeAs;
        _bench = new SessionBench(BenchmarkModels.PathOf(Model, form), Batch, Threads);
    }

    [Benchmark]
    public void Generator() => _bench!.Run();

    [GlobalCleanup]
    public void Cleanup() => _bench?.Dispose();
}
