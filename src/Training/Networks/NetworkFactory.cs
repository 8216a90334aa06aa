using Pix2Pix.Training.Nn;

namespace Pix2Pix.Training.Networks;

/// <summary>The official <c>define_G</c> / <c>define_D</c>: build the network, then initialize its weights.</summary>
public static class NetworkFactory
{
    public static Module CreateGenerator(GeneratorOptions o, InitType init = InitType.normal, double initGain = 0.02)
    {
        Module net = o.NetG.IsUnet ? new UnetGenerator(o) : new ResnetGenerator(o);
        WeightInit.Apply(net, init, initGain);
        return net;
    }

    public static Module CreateDiscriminator(DiscriminatorOptions o, InitType init = InitType.normal, double initGain = 0.02)
    {
        Module net = o.NetD switch
        {
            NetDKind.pixel => new PixelDiscriminator(o),
            NetDKind.basic => new NLayerDiscriminator(o with { NLayers = 3 }),
            _ => new NLayerDiscriminator(o),
        };
        WeightInit.Apply(net, init, initGain);
        return net;
    }
}
