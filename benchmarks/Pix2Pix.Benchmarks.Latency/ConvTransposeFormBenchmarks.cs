using Pix2Pix.Onnx;
using BenchmarkDotNet.Attributes;
using Pix2Pix.Export;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>unet_256 at 256², batch 1, 2 threads: the decoder as ConvTranspose vs the two sub-pixel forms, in float32 and int8.</summary>
public class ConvTransposeFormBenchmarks
{
    private SessionBench? _bench;

    [Params(ConvTransposeForm.ConvTranspose, ConvTransposeForm.SubPixel, ConvTransposeForm.SubPixelPhases, ConvTransposeForm.Auto)]
    public ConvTransposeForm Form { get; set; }

    [Params(ModelKind.Fp32, ModelKind.Int8)]
    public ModelKind Model { get; set; }

    public int Batch => 1;

    [GlobalSetup]
    public void Setup() => _bench = new SessionBench(BenchmarkModels.PathOf(Model, Form), Batch, threads: 2);

    [Benchmark]
    public void Generator() => _bench!.Run();

    [GlobalCleanup]
    public void Cleanup() => _bench?.Dispose();
}
