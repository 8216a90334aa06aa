using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

public sealed class GeometryTests
{
    [Theory]
    [InlineData(Interpolation.Nearest)]
    [InlineData(Interpolation.NearestExact)]
    [InlineData(Interpolation.Linear)]
    [InlineData(Interpolation.Cubic)]
    [InlineData(Interpolation.Area)]
    public void ResizeProducesTheRequestedSize(Interpolation interpolation)
    {
        using Mat m = TestImages.PatternMat(30, 40);
        using Mat up = m.Resize(286, 143, interpolation);
        Assert.Equal((143, 286, 3, Depth.U8), (up.Rows, up.Cols, up.Channels, up.Depth));
        using Mat down = m.Resize(7, 5, interpolation);
        Assert.Equal((5, 7), (down.Height, down.Width));
    }

    [Fact]
    public void NearestUpscaleRepeatsPixels()
    {
        byte[] p = [1, 2, 3, 4, 5, 6];
        using Mat m = Mat.FromPixels(p, 2, 3, 1);
        using Mat up = m.Resize(6, 4, Interpolation.Nearest);
        Assert.Equal(new byte[]
        {
            1, 1, 2, 2, 3, 3,
            1, 1, 2, 2, 3, 3,
            4, 4, 5, 5, 6, 6,
            4, 4, 5, 5, 6, 6,
        }, up.ToBytes());
    }

    [Fact]
    public void NearestDownscaleSamplesBlockCornersAndNearestExactBlockCentres()
    {
        var p = new byte[81];
        for (int i = 0; i < p.Length; i++) p[i] = (byte)i;
        using Mat m = Mat.FromPixels(p, 9, 9, 1);
        using Mat nearest = m.Resize(3, 3, Interpolation.Nearest);
        Assert.Equal(new byte[] { 0, 3, 6, 27, 30, 33, 54, 57, 60 }, nearest.ToBytes());
        using Mat exact = m.Resize(3, 3, Interpolation.NearestExact);
        Assert.Equal(new byte[] { 10, 13, 16, 37, 40, 43, 64, 67, 70 }, exact.ToBytes());
    }

    [Fact]
    public void SmoothFiltersKeepSolidColors()
    {
        using Mat m = TestImages.Solid(16, 16, new Rgb(10, 128, 250));
        foreach (var interpolation in new[] { Interpolation.Linear, Interpolation.Cubic, Interpolation.Area })
        {
            using Mat r = m.Resize(23, 9, interpolation);
            Assert.All(r.ToBytes().Chunk(3), px => Assert.Equal(new byte[] { 10, 128, 250 }, px));
        }
    }

    [Fact]
    public void AreaAveragesBlocks()
    {
        using Mat m = Mat.FromPixels([0, 100, 50, 250], 2, 2, 1);
        using Mat one = m.Resize(1, 1, Interpolation.Area);
        Assert.Equal(100, one.ToBytes()[0]);
    }

    [Fact]
    public void ResizeRejectsBadSizes()
    {
        using Mat m = TestImages.PatternMat(4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Resize(0, 4));
        using Mat empty = Mat.Zeros(0, 0);
        Assert.True(empty.IsEmpty);
        Assert.Throws<OpenCvException>(() => empty.Resize(4, 4));
    }

    [Fact]
    public void CropCopiesTheRegion()
    {
        byte[] p = TestImages.Pattern(10, 12);
        using Mat m = Mat.FromPixels(p, 10, 12, 3);
        using Mat c = m.Crop(3, 2, 4, 5);
        Assert.Equal((5, 4), (c.Rows, c.Cols));
        byte[] got = c.ToBytes();
        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 4; x++)
        for (int ch = 0; ch < 3; ch++)
            Assert.Equal(p[((y + 2) * 12 + x + 3) * 3 + ch], got[(y * 4 + x) * 3 + ch]);

        c.FillRectangle(0, 0, 4, 5, Rgb.Black);
        Assert.Equal(p, m.ToBytes());
    }

    [Theory]
    [InlineData(-1, 0, 4, 4)]
    [InlineData(0, -1, 4, 4)]
    [InlineData(9, 0, 4, 4)]
    [InlineData(0, 7, 4, 4)]
    [InlineData(0, 0, 0, 4)]
    [InlineData(0, 0, 13, 1)]
    public void CropOutsideTheImageIsRejected(int x, int y, int w, int h)
    {
        using Mat m = TestImages.PatternMat(10, 12);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => m.Crop(x, y, w, h));
        Assert.Contains("12x10", e.Message);
        Assert.Contains($"x={x}", e.Message);
    }

    [Fact]
    public void FlipMirrors()
    {
        using Mat m = Mat.FromPixels([1, 2, 3, 4, 5, 6], 2, 3, 1);
        using Mat h = m.Flip(FlipMode.Horizontal);
        Assert.Equal(new byte[] { 3, 2, 1, 6, 5, 4 }, h.ToBytes());
        using Mat v = m.Flip(FlipMode.Vertical);
        Assert.Equal(new byte[] { 4, 5, 6, 1, 2, 3 }, v.ToBytes());
        using Mat both = m.Flip(FlipMode.Both);
        Assert.Equal(new byte[] { 6, 5, 4, 3, 2, 1 }, both.ToBytes());
    }

    [Fact]
    public void FlipKeepsPixelChannelsTogether()
    {
        using Mat m = Mat.FromPixels([1, 2, 3, 4, 5, 6], 1, 2, 3);
        using Mat h = m.Flip(FlipMode.Horizontal);
        Assert.Equal(new byte[] { 4, 5, 6, 1, 2, 3 }, h.ToBytes());
    }

    [Fact]
    public void ConcatPlacesImagesSideBySideAndStacked()
    {
        using Mat a = Mat.FromPixels([1, 2, 3, 4], 2, 2, 1);
        using Mat b = Mat.FromPixels([9, 8], 2, 1, 1);
        using Mat h = Mat.HConcat(a, b);
        Assert.Equal((2, 3), (h.Rows, h.Cols));
        Assert.Equal(new byte[] { 1, 2, 9, 3, 4, 8 }, h.ToBytes());

        using Mat c = Mat.FromPixels([7, 7], 1, 2, 1);
        using Mat v = Mat.VConcat([a, c]);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 7, 7 }, v.ToBytes());
    }

    [Fact]
    public void ConcatRejectsMismatchedShapes()
    {
        using Mat a = Mat.Zeros(2, 2, Depth.U8, 3);
        using Mat b = Mat.Zeros(3, 2, Depth.U8, 3);
        using Mat g = Mat.Zeros(2, 2, Depth.U8, 1);
        Assert.Throws<ArgumentException>(() => Mat.HConcat(a, b));
        Assert.Throws<ArgumentException>(() => Mat.VConcat(a, g));
        Assert.Throws<ArgumentException>(() => Mat.HConcat());
        using Mat v = Mat.VConcat(a, b);
        Assert.Equal((5, 2), (v.Rows, v.Cols));
    }

    [Fact]
    public void CopyToPastesIntoARegion()
    {
        using Mat canvas = Mat.Zeros(4, 5, Depth.U8, 1);
        using Mat tile = Mat.FromPixels([1, 2, 3, 4], 2, 2, 1);
        tile.CopyTo(canvas, 3, 1);
        Assert.Equal(new byte[]
        {
            0, 0, 0, 0, 0,
            0, 0, 0, 1, 2,
            0, 0, 0, 3, 4,
            0, 0, 0, 0, 0,
        }, canvas.ToBytes());
        Assert.Throws<ArgumentOutOfRangeException>(() => tile.CopyTo(canvas, 4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => tile.CopyTo(canvas, 0, -1));
        using Mat rgb = Mat.Zeros(4, 5);
        Assert.Throws<ArgumentException>(() => tile.CopyTo(rgb, 0, 0));
    }

    [Fact]
    public void BordersFollowTheirRule()
    {
        using Mat m = Mat.FromPixels([1, 2, 3], 1, 3, 1);
        using Mat reflect101 = m.CopyMakeBorder(0, 0, 2, 2, BorderType.Reflect101);
        Assert.Equal(new byte[] { 3, 2, 1, 2, 3, 2, 1 }, reflect101.ToBytes());
        using Mat reflect = m.CopyMakeBorder(0, 0, 2, 2, BorderType.Reflect);
        Assert.Equal(new byte[] { 2, 1, 1, 2, 3, 3, 2 }, reflect.ToBytes());
        using Mat replicate = m.CopyMakeBorder(0, 0, 2, 1, BorderType.Replicate);
        Assert.Equal(new byte[] { 1, 1, 1, 2, 3, 3 }, replicate.ToBytes());
        using Mat constant = m.CopyMakeBorder(1, 0, 1, 0, BorderType.Constant);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 2, 3 }, constant.ToBytes());
    }

    [Fact]
    public void ConstantBorderUsesTheRgbColor()
    {
        using Mat m = TestImages.Solid(2, 2, Rgb.White);
        using Mat padded = m.CopyMakeBorder(1, 1, 1, 1, BorderType.Constant, new Rgb(10, 20, 30));
        Assert.Equal((4, 4), (padded.Rows, padded.Cols));
        Assert.Equal(new byte[] { 10, 20, 30 }, TestImages.Pixel(padded, 0, 0));
        Assert.Equal(new byte[] { 255, 255, 255 }, TestImages.Pixel(padded, 1, 1));
    }

    [Fact]
    public void Reflect101BorderTooLargeIsRejected()
    {
        using Mat m = TestImages.PatternMat(3, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.CopyMakeBorder(3, 0, 0, 0, BorderType.Reflect101));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.CopyMakeBorder(-1, 0, 0, 0, BorderType.Constant));
    }
}
