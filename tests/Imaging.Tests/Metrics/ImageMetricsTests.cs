namespace Pix2Pix.Imaging.Tests;

public sealed class ImageMetricsTests
{
    [Fact]
    public void L1IsTheMeanAbsoluteDifference()
    {
        float[] a = [-1f, 0f, 0.5f, 1f];
        float[] b = [1f, 0f, -0.5f, 0.75f];
        Assert.Equal((2 + 0 + 1 + 0.25) / 4, ImageMetrics.L1(a, b), 12);
        Assert.Equal(0, ImageMetrics.L1(a, a));
    }

    [Fact]
    public void L1RejectsMismatchedOrEmptyInputs()
    {
        Assert.Throws<ArgumentException>(() => ImageMetrics.L1(new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => ImageMetrics.L1([], []));
    }

    [Fact]
    public void PsnrOfAnOffByOneImageIs20Log10Of255()
    {
        var a = Enumerable.Range(0, 300).Select(i => (byte)(i % 200)).ToArray();
        var b = a.Select(v => (byte)(v + 1)).ToArray();
        Assert.Equal(48.1308036, ImageMetrics.Psnr(a, b), 6);
    }

    [Fact]
    public void PsnrFollowsTheMeanSquaredError()
    {
        var a = new byte[100];
        var b = new byte[100];
        for (int i = 0; i < 25; i++)
            b[i] = 20;
        // MSE = 25 · 400 / 100 = 100 → 10·log10(255² / 100)
        Assert.Equal(10 * Math.Log10(255.0 * 255 / 100), ImageMetrics.Psnr(a, b), 10);
        Assert.Equal(10 * Math.Log10(1.0 / 100), ImageMetrics.Psnr(a, b, maxValue: 1), 10);
    }

    [Fact]
    public void PsnrOfIdenticalImagesIsInfinite()
    {
        var a = new byte[] { 1, 2, 3, 250 };
        Assert.Equal(double.PositiveInfinity, ImageMetrics.Psnr(a, a.ToArray()));
    }

    [Fact]
    public void AllQuantizesLikeTheReport()
    {
        Assert.Equal(0, ImageMetrics.ToByte(-1f));
        Assert.Equal(255, ImageMetrics.ToByte(1f));
        Assert.Equal(128, ImageMetrics.ToByte(0f));
        Assert.Equal(0, ImageMetrics.ToByte(-7f));
        Assert.Equal(255, ImageMetrics.ToByte(3f));
        Assert.Equal(0, ImageMetrics.ToByte(float.NaN));
        for (int v = 0; v < 256; v++)
            Assert.Equal(v, ImageMetrics.ToByte(v / 127.5f - 1f));
    }

    [Fact]
    public void AllCombinesTheThreeMetricsOnChwImages()
    {
        const int channels = 3, height = 16, width = 20;
        var rng = new Random(7);
        var a = new float[channels * height * width];
        var b = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = rng.Next(256) / 127.5f - 1f;
            b[i] = Math.Clamp(a[i] + (rng.Next(21) - 10) / 127.5f, -1f, 1f);
        }

        var (l1, psnr, ssim) = ImageMetrics.All(a, b, channels, height, width);

        byte[] hwcA = ToHwc(a, channels, height * width), hwcB = ToHwc(b, channels, height * width);
        Assert.Equal(ImageMetrics.L1(a, b), l1);
        Assert.Equal(ImageMetrics.Psnr(hwcA, hwcB), psnr);
        Assert.Equal(ImageMetrics.Ssim(hwcA, hwcB, height, width, channels), ssim);
        Assert.InRange(psnr, 30, 45);
        Assert.Equal(double.PositiveInfinity, ImageMetrics.All(a, a, channels, height, width).Psnr);
    }

    private static byte[] ToHwc(float[] chw, int channels, int plane)
    {
        var hwc = new byte[chw.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int p = 0; p < plane; p++)
                hwc[p * channels + c] = (byte)Math.Round((chw[c * plane + p] + 1) * 127.5);
        }
        return hwc;
    }
}
