using TorchSharp;
using static TorchSharp.torch;
using Pix2Pix.Training.Networks;
using TorchSharp.Modules;

namespace Pix2Pix.Tests.Shared;

/// <summary>
/// Seeded generators whose outputs are far from trivial: He-scaled conv weights, random biases and affine BN
/// parameters, and BN running statistics that make eval-mode BN (and its folding) change every channel.
/// </summary>
internal static class RandomGenerators
{
    /// <summary>BN running statistics gathered from a few train-mode passes, then perturbed.</summary>
    public static nn.Module<Tensor, Tensor> Create(GeneratorOptions g, long seed)
    {
        torch.manual_seed(seed);
        var net = NetworkFactory.CreateGenerator(g);
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            foreach (var module in net.modules()) Randomize(module);
            net.train();
            var side = g.NetG.SizeMultiple * (g.NetG.IsUnet ? 1 : 8);
            for (var pass = 0; pass < 3; pass++) net.forward(Input(4, g.InputNc, side, side));
            foreach (var norm in net.modules().OfType<BatchNorm2d>())
            {
                norm.running_mean!.add_(torch.randn(norm.running_mean!.shape).mul(0.1));
                norm.running_var!.mul_(torch.rand(norm.running_var!.shape).add(0.5));
            }
        }
        net.eval();
        return net;
    }

    /// <summary>BN running statistics drawn at random (mean N(0, 0.1), variance U(0.5, 1.5)), no forward pass.</summary>
    public static nn.Module<Tensor, Tensor> CreateWithRandomStatistics(GeneratorOptions g, long seed)
    {
        torch.manual_seed(seed);
        var net = NetworkFactory.CreateGenerator(g);
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            foreach (var module in net.modules())
            {
                Randomize(module);
                if (module is not BatchNorm2d norm) continue;
                norm.running_mean!.normal_(0, 0.1);
                norm.running_var!.uniform_(0.5, 1.5);
            }
        }
        net.eval();
        return net;
    }

    /// <summary>Uniform values in [-1, 1), the range of normalized images.</summary>
    public static Tensor Input(long[] shape) => torch.rand(shape).mul(2).sub(1);

    /// <summary>Uniform values in [-1, 1), the range of normalized images.</summary>
    public static Tensor Input(long batch, long channels, long height, long width) =>
        torch.rand([batch, channels, height, width]).mul(2).sub(1);

    private static void Randomize(nn.Module module)
    {
        switch (module)
        {
            case Conv2d conv:
                conv.weight!.normal_(0, Math.Sqrt(2.0 / (conv.in_channels * conv.kernel_size[0] * conv.kernel_size[1])));
                conv.bias?.normal_(0, 0.1);
                break;
            case ConvTranspose2d up:
                var taps = (double)up.kernel_size[0] * up.kernel_size[1] / (up.stride[0] * up.stride[1]);
                up.weight!.normal_(0, Math.Sqrt(2.0 / (up.in_channels * taps)));
                up.bias?.normal_(0, 0.1);
                break;
            case SubPixelConvTranspose2d sub:
                sub.weight.normal_(0, Math.Sqrt(2.0 / (sub.InChannels * 4.0)));
                sub.bias?.normal_(0, 0.1);
                break;
            case BatchNorm2d norm:
                norm.weight.normal_(1, 0.2);
                norm.bias!.normal_(0, 0.2);
                break;
        }
    }
}
