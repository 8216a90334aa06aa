using Pix2Pix.Torch;
using F = Pix2Pix.Torch.functional;

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
        {
            var mean = prediction.mean();
            if (!targetIsReal) return mean;
            using (mean) return -mean;
        }
        using var target = torch.full(prediction.shape, targetIsReal ? 1.0 : 0.0, prediction.dtype, prediction.device);
        return Mode == GanMode.vanilla
            ? F.binary_cross_entropy_with_logits(prediction, target)
            : F.mse_loss(prediction, target);
    }
}
