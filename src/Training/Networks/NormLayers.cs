using Pix2Pix.Training.Nn;

namespace Pix2Pix.Training.Networks;

/// <summary>The official <c>get_norm_layer</c> and its bias rule.</summary>
internal static class NormLayers
{
    public static Module Create(NormKind kind, long channels) => kind switch
    {
        NormKind.batch => new BatchNorm2d(channels),
        NormKind.instance => new InstanceNorm2d(channels),
        _ => new Identity(),
    };

    /// <summary>
    /// Convolutions before a norm layer carry a bias only with instance norm. The official code computes this
    /// from the norm layer's type, so "none" also gets no bias; we keep that so official weights load.
    /// </summary>
    public static bool UseBias(NormKind kind) => kind == NormKind.instance;
}
