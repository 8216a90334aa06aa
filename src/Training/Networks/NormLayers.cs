using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Networks;

/// <summary>The official <c>get_norm_layer</c> and its bias rule.</summary>
internal static class NormLayers
{
    public static nn.Module<Tensor, Tensor> Create(NormKind kind, long channels) => kind switch
    {
        NormKind.batch => nn.BatchNorm2d(channels, eps: 1e-5, momentum: 0.1, affine: true, track_running_stats: true),
        NormKind.instance => nn.InstanceNorm2d(channels, eps: 1e-5, momentum: 0.1, affine: false, track_running_stats: false),
        _ => nn.Identity(),
    };

    /// <summary>
    /// Convolutions before a norm layer carry a bias only with instance norm. The official code computes this
    /// from the norm layer's type, so "none" also gets no bias; we keep that so official weights load.
    /// </summary>
    public static bool UseBias(NormKind kind) => kind == NormKind.instance;
}
