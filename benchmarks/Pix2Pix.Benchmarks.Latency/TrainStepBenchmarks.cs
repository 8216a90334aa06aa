using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>
/// One pix2pix training iteration (D step, then G step; unet_256 + 70×70 PatchGAN, vanilla GAN + 100·L1, Adam) at
/// batch 1, 256², with libtorch on every core: our default kernels vs <see cref="TrainKernels.Stock"/> (transposed
/// convolutions, Adam as tensor kernels, zero-filled gradients). The comparison with stock TorchSharp and PyTorch, each
/// in a process of its own, is the <c>train-step</c> command of Pix2Pix.Benchmarks.
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
        var kernels = OptimizedKernels ? TrainKernels.Optimized : TrainKernels.Stock;
        _model = new Pix2PixModel(NetworkFactory.CreateGenerator(new GeneratorOptions(), subPixelUpsampling: kernels.SubPixelUpsampling),
                                  NetworkFactory.CreateDiscriminator(new DiscriminatorOptions()), kernels: kernels);
        _realA = torch.rand([1, 3, 256, 256]) * 2 - 1;
        _realB = torch.rand([1, 3, 256, 256]) * 2 - 1;
    }

    [Benchmark]
    public double Iteration() => _model!.OptimizeParameters(_realA!, _realB!).G_L1;

    [GlobalCleanup]
    public void Cleanup()
    {
        _realA?.Dispose();
        _realB?.Dispose();
        _model?.Dispose();
    }
}
