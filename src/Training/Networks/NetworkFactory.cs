using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Networks;

/// <summary>The official <c>define_G</c> / <c>define_D</c>: build the network, then initialize its weights.</summary>
public static class NetworkFactory
{
    /// <param name="o">Architecture.</param>
    /// <param name="init">Weight initialization scheme.</param>
    /// <param name="initGain">Its gain (standard deviation for <see cref="InitType.normal"/>).</param>
    /// <param name="subPixelUpsampling">U-Net up-sampling as <see cref="SubPixelConvTranspose2d"/> (same weights, same results, faster on the CPU).</param>
    public static nn.Module<Tensor, Tensor> CreateGenerator(GeneratorOptions o, InitType init = InitType.normal, double initGain = 0.02,
                                                            bool subPixelUpsampling = false)
    {
        nn.Module<Tensor, Tensor> net = o.NetG.IsUnet ? new UnetGenerator(o, subPixelUpsampling) : new ResnetGenerator(o);
        WeightInit.Apply(net, init, initGain);
        return net;
    }

    public static nn.Module<Tensor, Tensor> CreateDiscriminator(DiscriminatorOptions o, InitType init = InitType.normal, double initGain = 0.02)
    {
        nn.Module<Tensor, Tensor> net = o.NetD switch
        {
            NetDKind.pixel => new PixelDiscriminator(o),
            NetDKind.basic => new NLayerDiscriminator(o with { NLayers = 3 }),
            _ => new NLayerDiscriminator(o),
        };
        WeightInit.Apply(net, init, initGain);
        return net;
    }
}
