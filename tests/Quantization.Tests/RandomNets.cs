using Pix2Pix.Torch;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Nn;

namespace Pix2Pix.Quantization.Tests;

/// <summary>Seeded generators with He-scaled weights, random biases and BN statistics perturbed away from identity.</summary>
internal static class RandomNets
{
    public static Module Create(GeneratorOptions g, long seed)
    {
        torch.manual_seed(seed);
        var net = NetworkFactory.CreateGenerator(g);
        using var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            foreach (var module in net.modules_post_order())
            {
                switch (module)
                {
                    case Conv2d conv:
                        conv.weight.normal_(0, Math.Sqrt(2.0 / (conv.InChannels * conv.KernelSize * conv.KernelSize)));
                        conv.bias?.normal_(0, 0.1);
                        break;
                    case ConvTranspose2d up:
                        up.weight.normal_(0, Math.Sqrt(2.0 / (up.InChannels * (double)up.KernelSize * up.KernelSize / (up.Stride * up.Stride))));
                        up.bias?.normal_(0, 0.1);
                        break;
                    case BatchNorm2d norm:
                        norm.weight.normal_(1, 0.2);
                        norm.bias.normal_(0, 0.2);
                        norm.running_mean.normal_(0, 0.1);
                        norm.running_var.uniform_(0.5, 1.5);
                        break;
                }
            }
        }
        net.eval();
        return net;
    }

    /// <summary>Uniform values in [−1, 1).</summary>
    public static Tensor Input(long[] shape) => torch.rand(shape).mul(2).sub(1);
}
