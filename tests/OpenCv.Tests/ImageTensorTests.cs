using System.Diagnostics;
using Pix2Pix.OpenCv;
using Xunit.Abstractions;

namespace Pix2Pix.OpenCv.Tests;

public sealed class ImageTensorTests(ITestOutputHelper output)
{
    [Fact]
    public void KnownValuesAreNormalizedChannelMajor()
    {
        byte[] hwc = [0, 255, 51, 255, 0, 102];
        using Mat m = Mat.FromPixels(hwc, 1, 2, 3);
        float[] chw = ImageTensor.ToNchw(m);
        Assert.Equal(new[] { -1f, 1f, 1f, -1f, 51 / 127.5f - 1, 102 / 127.5f - 1 }, chw);
    }

    [Fact]
    public void EveryByteRoundTripsExactly()
    {
        var gray = new byte[256];
        for (int i = 0; i < 256; i++) gray[i] = (byte)i;
        using Mat m = Mat.FromPixels(gray, 16, 16, 1);
        float[] chw = ImageTensor.ToNchw(m);
        Assert.All(chw, v => Assert.InRange(v, -1f, 1f));
        using Mat back = ImageTensor.FromNchw(chw, 1, 16, 16);
        Assert.Equal(gray, back.ToBytes());
    }

    [Fact]
    public void RgbRoundTripsExactlyAtFullSize()
    {
        using Mat m = TestImages.PatternMat(256, 256);
        var chw = new float[3 * 256 * 256];
        ImageTensor.ToNchw(m, chw);
        using Mat back = ImageTensor.FromNchw(chw, 3, 256, 256);
        Assert.Equal((256, 256, 3), (back.Rows, back.Cols, back.Channels));
        Assert.Equal(m.ToBytes(), back.ToBytes());
    }

    [Fact]
    public void FromNchwRoundsAndClamps()
    {
        float[] chw = [-1f, 1f, -5f, 7f, float.NaN, 0f, 0.5f / 127.5f - 1f, 1.49f / 127.5f - 1f, float.PositiveInfinity, float.NegativeInfinity, 254.6f / 127.5f - 1f];
        using Mat m = ImageTensor.FromNchw(chw, 1, 1, chw.Length);
        Assert.Equal(new byte[] { 0, 255, 0, 255, 0, 128, 1, 1, 255, 0, 255 }, m.ToBytes());
    }

    [Fact]
    public void FromNchwVectorAndScalarPathsAgree()
    {
        var rng = new Random(5);
        float[] chw = Enumerable.Range(0, 3 * 7 * 11).Select(_ => (float)(rng.NextDouble() * 2.4 - 1.2)).ToArray();
        using Mat m = ImageTensor.FromNchw(chw, 3, 7, 11);
        byte[] hwc = m.ToBytes();
        for (int c = 0; c < 3; c++)
        for (int i = 0; i < 77; i++)
        {
            double expected = Math.Clamp(Math.Floor((chw[c * 77 + i] + 1.0) * 127.5 + 0.5), 0, 255);
            Assert.Equal(expected, hwc[i * 3 + c], 0);
        }
    }

    [Fact]
    public void SizeMismatchIsRejected()
    {
        using Mat m = TestImages.PatternMat(4, 4);
        Assert.Throws<ArgumentException>(() => ImageTensor.ToNchw(m, new float[47]));
        Assert.Throws<ArgumentException>(() => ImageTensor.FromNchw(new float[47], 3, 4, 4));
        using Mat m16 = Mat.Zeros(2, 2, Depth.U16, 3);
        Assert.Throws<ArgumentException>(() => ImageTensor.ToNchw(m16));
    }

    [Fact]
    public void A256ImageConvertsWellUnderAMillisecond()
    {
        using Mat m = TestImages.PatternMat(256, 256);
        var chw = new float[3 * 256 * 256];
        double toMs = BestBatchMilliseconds(() => ImageTensor.ToNchw(m, chw));
        double fromMs = BestBatchMilliseconds(() => ImageTensor.FromNchw(chw, 3, 256, 256).Dispose());
        output.WriteLine($"256x256 RGB: ToNchw {toMs:F3} ms, FromNchw {fromMs:F3} ms");
        Assert.True(toMs < 1.0, $"ToNchw took {toMs:F3} ms");
        Assert.True(fromMs < 1.0, $"FromNchw took {fromMs:F3} ms");
    }

    /// <summary>Best mean over several batches, so that a busy shared machine does not fail the test.</summary>
    private static double BestBatchMilliseconds(Action action, int batches = 8, int perBatch = 10)
    {
        action();
        double best = double.MaxValue;
        for (int b = 0; b < batches; b++)
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < perBatch; i++) action();
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds / perBatch);
        }
        return best;
    }
}
