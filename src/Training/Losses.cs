using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pix2Pix.Training;

/// <summary>Adversarial objective (official <c>--gan_mode</c>).</summary>
public enum GanMode { vanilla, lsgan, wgangp }

/// <summary>
/// The official GANLoss: compares a discriminator map with an all-real (1) or all-fake (0) target —
/// BCE-with-logits for vanilla, MSE for lsgan, ∓mean for wgangp.
/// </summary>
public sealed class GanLoss(GanMode mode)
{
    public GanMode Mode { get; } = mode;

    public Tensor Compute(Tensor prediction, bool targetIsReal)
    {
        if (Mode == GanMode.wgangp)
            return targetIsReal ? -prediction.mean() : prediction.mean();
        using var target = full_like(prediction, targetIsReal ? 1.0 : 0.0);
        return Mode == GanMode.vanilla
            ? F.binary_cross_entropy_with_logits(prediction, target)
            : F.mse_loss(prediction, target);
    }
}
