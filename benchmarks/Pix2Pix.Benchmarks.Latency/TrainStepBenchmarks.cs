using BenchmarkDotNet.Attributes;
using Pix2Pix.Torch;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>
/// One pix2pix training iteration (D step, then G step; unet_256 + 70×70 PatchGAN, vanilla GAN + 100·L1, Adam) at
/// batch 1, 256², with libtorch on every core: our optimized kernels (the default) vs the reference kernels (the
/// ones the official code runs). The comparison with the C++ and PyTorch peers is the <c>train-step</c> command of
/// Pix2Pix.Benchmarks, which can run those peers in the same process tree.
/// </summary>
public class TrainStepBenchmarks
{
    private Pix2PixModel? _model;
    private Tensor? _realA, _realB;

    [Params(true, false)]
    public bool OptimizedKernels { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Environment.ProcessorCount);
        torch.manual_seed(0);
        _model = new Pix2PixModel(NetworkFactory.CreateGenerator(new GeneratorOptions()), NetworkFactory.CreateDiscriminator(new DiscriminatorOptions()));
        _realA = torch.rand([1, 3, 256, 256]) * 2 - 1;
        _realB = torch.rand([1, 3, 256, 256]) * 2 - 1;
        Kernels.Optimized = OptimizedKernels;
    }

    [Benchmark]
    public double Iteration() => _model!.OptimizeParameters(_realA!, _realB!).G_L1;

    [GlobalCleanup]
    public void Cleanup()
    {
        Kernels.Optimized = true;
        _realA?.Dispose();
        _realB?.Dispose();
        _model?.Dispose();
    }
}
