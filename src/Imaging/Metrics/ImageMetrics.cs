namespace Pix2Pix.Imaging;

/// <summary>Image quality metrics for generated versus real images.</summary>
public static class ImageMetrics
{
    /// <summary>Mean absolute difference, as the training L1 loss on [-1, 1] tensors.</summary>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double L1(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        RequireSameNonEmpty(a.Length, b.Length);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += Math.Abs((double)a[i] - b[i]);
        return sum / a.Length;
    }

    /// <summary>Peak signal-to-noise ratio in dB: 10·log10(maxValue² / MSE); +∞ for identical images.</summary>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double Psnr(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int maxValue = 255)
    {
        RequireSameNonEmpty(a.Length, b.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxValue, 1);
        long squared = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = a[i] - b[i];
            squared += d * d;
        }
        if (squared == 0) return double.PositiveInfinity;
        double mse = (double)squared / a.Length;
        return 10 * Math.Log10((double)maxValue * maxValue / mse);
    }

    /// <summary>
    /// Mean structural similarity (Wang et al. 2004) of two HWC uint8 images: an 11-tap Gaussian window (σ = 1.5),
    /// K1 = 0.01, K2 = 0.03, L = 255, population (co)variances, averaged over the valid region (5 pixels in from every edge)
    /// of each channel, then over channels. Equals scikit-image's
    /// <c>structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255, channel_axis=-1)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The sizes do not match the spans, or a side is shorter than the 11-pixel window.</exception>
    public static double Ssim(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int channels) =>
        StructuralSimilarity.Mean(a, b, height, width, channels);

    /// <summary>
    /// L1 on the floats, and PSNR and SSIM on the 8-bit images the report saves: both CHW images in [-1, 1]
    /// are quantized as round((x + 1) · 127.5) (halves up), clamped to 0…255.
    /// </summary>
    public static (double L1, double Psnr, double Ssim) All(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        int length = checked(channels * height * width);
        if (a.Length != length || b.Length != length)
            throw new ArgumentException($"a {channels}x{height}x{width} image needs {length} floats, got {a.Length} and {b.Length}");
        double l1 = L1(a, b);
        byte[] qa = ToHwcBytes(a, channels, height * width), qb = ToHwcBytes(b, channels, height * width);
        return (l1, Psnr(qa, qb), Ssim(qa, qb, height, width, channels));
    }

    /// <summary>round((x + 1) · 127.5) with halves up, clamped to 0…255, NaN to 0: the report's uint8 conversion.</summary>
    public static byte ToByte(float x)
    {
        float v = MathF.FusedMultiplyAdd(x, 127.5f, 128f);
        return float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(v, 0f, 255f);
    }

    private static byte[] ToHwcBytes(ReadOnlySpan<float> chw, int channels, int plane)
    {
        var hwc = new byte[chw.Length];
        for (int c = 0; c < channels; c++)
        {
            var source = chw.Slice(c * plane, plane);
            for (int p = 0; p < plane; p++)
                hwc[p * channels + c] = ToByte(source[p]);
        }
        return hwc;
    }

    private static void RequireSameNonEmpty(int a, int b)
    {
        if (a != b) throw new ArgumentException($"the images differ in length: {a} and {b} elements");
        if (a == 0) throw new ArgumentException("the images are empty");
    }
}
