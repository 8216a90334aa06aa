namespace Pix2Pix.Training.Reports;

/// <summary>Quality of one generated image against its target, as <c>Pix2Pix.Imaging.ImageMetrics</c> computes them.</summary>
/// <param name="L1">Mean absolute difference.</param>
/// <param name="Psnr">Peak signal-to-noise ratio in dB.</param>
/// <param name="Ssim">Structural similarity.</param>
public readonly record struct ImageScores(double L1, double Psnr, double Ssim)
{
    public static implicit operator ImageScores((double L1, double Psnr, double Ssim) scores) => new(scores.L1, scores.Psnr, scores.Ssim);
}
