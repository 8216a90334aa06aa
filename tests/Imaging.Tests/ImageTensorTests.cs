using OpenCvSharp;

namespace Pix2Pix.Imaging.Tests;

public sealed class ImageTensorTests
{
    [Fact]
    public void KnownValuesAreNormalizedChannelMajorInRgbOrder()
    {
        byte[] bgr = [0, 255, 51, 255, 0, 102];
        using Mat m = Pixels.FromBytes(bgr, 1, 2, 3);
        float[] chw = ImageTensor.ToChw(m);
        Assert.Equal(new[] { 51 / 127.5f - 1, 102 / 127.5f - 1, 1f, -1f, -1f, 1f }, chw);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(1, 3)]
    [InlineData(3, 3)]
    public void EveryByteMapsToItsTableValueOnVectorAndScalarPaths(int channels, int height)
    {
        // 256 · 3 / channels pixels per row: the vector loop takes 16 at a time, the tail goes through the table.
        int width = 256 * 3 / channels + 7;
        var bytes = new byte[height * width * channels];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7 + i / 256);
        using Mat m = Pixels.FromBytes(bytes, height, width, channels);
        float[] chw = ImageTensor.ToChw(m);
        int plane = height * width;
        for (int p = 0; p < plane; p++)
            for (int c = 0; c < channels; c++)
            {
                int plane_ = channels == 3 ? 2 - c : c;
                Assert.Equal(bytes[p * channels + c] / 127.5f - 1f, chw[plane_ * plane + p]);
            }
    }

    [Fact]
    public void EveryByteRoundTripsExactly()
    {
        var gray = new byte[256];
        for (int i = 0; i < 256; i++) gray[i] = (byte)i;
        using Mat m = Pixels.FromBytes(gray, 16, 16, 1);
        float[] chw = ImageTensor.ToChw(m);
        Assert.All(chw, v => Assert.InRange(v, -1f, 1f));
        using Mat back = ImageTensor.FromChw(chw, 1, 16, 16);
        Assert.Equal(gray, Pixels.ToBytes(back));
    }

    [Theory]
    [InlineData(256, 256)]
    [InlineData(37, 53)]
    [InlineData(1, 1)]
    [InlineData(5, 17)]
    public void BgrRoundTripsExactly(int rows, int cols)
    {
        using Mat m = TestImages.PatternMat(rows, cols);
        var chw = new float[3 * rows * cols];
        ImageTensor.ToChw(m, chw);
        using Mat back = ImageTensor.FromChw(chw, 3, rows, cols);
        Assert.Equal((rows, cols, 3), (back.Rows, back.Cols, back.Channels()));
        Assert.Equal(Pixels.ToBytes(m), Pixels.ToBytes(back));
    }

    [Fact]
    public void AViewIntoALargerImageReadsOnlyItsRectangle()
    {
        using Mat m = TestImages.PatternMat(40, 50);
        using Mat view = ImageGeometry.View(m, 3, 5, 33, 20);
        Assert.False(view.IsContinuous());
        using Mat copy = view.Clone();
        Assert.Equal(ImageTensor.ToChw(copy), ImageTensor.ToChw(view));
    }

    [Fact]
    public void FromChwRoundsAndClamps()
    {
        float[] chw = [-1f, 1f, -5f, 7f, float.NaN, 0f, 0.5f / 127.5f - 1f, 1.49f / 127.5f - 1f, float.PositiveInfinity, float.NegativeInfinity, 254.6f / 127.5f - 1f];
        using Mat m = ImageTensor.FromChw(chw, 1, 1, chw.Length);
        Assert.Equal(new byte[] { 0, 255, 0, 255, 0, 128, 1, 1, 255, 0, 255 }, Pixels.ToBytes(m));
    }

    [Fact]
    public void FromChwVectorAndScalarPathsAgreeAndWriteBgr()
    {
        var rng = new Random(5);
        const int rows = 7, cols = 43;
        float[] chw = Enumerable.Range(0, 3 * rows * cols).Select(_ => (float)(rng.NextDouble() * 2.4 - 1.2)).ToArray();
        using Mat m = ImageTensor.FromChw(chw, 3, rows, cols);
        byte[] hwc = Pixels.ToBytes(m);
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < rows * cols; i++)
            {
                double expected = Math.Clamp(Math.Floor((chw[c * rows * cols + i] + 1.0) * 127.5 + 0.5), 0, 255);
                Assert.Equal(expected, hwc[i * 3 + (2 - c)], 0);
            }
    }

    [Fact]
    public void WrongShapesAndTypesAreRejected()
    {
        using Mat m = TestImages.PatternMat(4, 4);
        Assert.Throws<ArgumentException>(() => ImageTensor.ToChw(m, new float[47]));
        Assert.Throws<ArgumentException>(() => ImageTensor.FromChw(new float[47], 3, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTensor.FromChw(new float[64], 4, 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageTensor.FromChw([], 3, 0, 4));
        using Mat m16 = new(2, 2, MatType.CV_16UC3, Scalar.All(0));
        Assert.Contains("To8Bit", Assert.Throws<ArgumentException>(() => ImageTensor.ToChw(m16)).Message);
        using Mat bgra = new(2, 2, MatType.CV_8UC4, Scalar.All(0));
        Assert.Throws<ArgumentException>(() => ImageTensor.ToChw(bgra));
        Mat disposed = TestImages.PatternMat(2, 2);
        disposed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ImageTensor.ToChw(disposed));
    }
}
