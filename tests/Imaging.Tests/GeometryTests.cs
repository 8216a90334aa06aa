using OpenCvSharp;

namespace Pix2Pix.Imaging.Tests;

public sealed class GeometryTests
{
    [Theory]
    [InlineData(InterpolationFlags.Nearest)]
    [InlineData(InterpolationFlags.Linear)]
    [InlineData(InterpolationFlags.Cubic)]
    [InlineData(InterpolationFlags.Area)]
    public void ResizeProducesTheRequestedSize(InterpolationFlags interpolation)
    {
        using Mat m = TestImages.PatternMat(30, 40);
        using Mat up = ImageGeometry.Resize(m, 286, 143, interpolation);
        Assert.Equal((143, 286, 3, MatType.CV_8U), (up.Rows, up.Cols, up.Channels(), up.Depth()));
        using Mat down = ImageGeometry.Resize(m, 7, 5, interpolation);
        Assert.Equal((5, 7), (down.Height, down.Width));
    }

    [Fact]
    public void NearestUpscaleRepeatsPixels()
    {
        using Mat m = Pixels.FromBytes([1, 2, 3, 4, 5, 6], 2, 3, 1);
        using Mat up = ImageGeometry.Resize(m, 6, 4, InterpolationFlags.Nearest);
        Assert.Equal(new byte[]
        {
            1, 1, 2, 2, 3, 3,
            1, 1, 2, 2, 3, 3,
            4, 4, 5, 5, 6, 6,
            4, 4, 5, 5, 6, 6,
        }, Pixels.ToBytes(up));
    }

    [Fact]
    public void SmoothFiltersKeepSolidColours()
    {
        using Mat m = TestImages.Solid(16, 16, 10, 128, 250);
        foreach (var interpolation in new[] { InterpolationFlags.Linear, InterpolationFlags.Cubic, InterpolationFlags.Area })
        {
            using Mat r = ImageGeometry.Resize(m, 23, 9, interpolation);
            Assert.All(Pixels.ToBytes(r).Chunk(3), px => Assert.Equal(new byte[] { 250, 128, 10 }, px));
        }
    }

    [Fact]
    public void ResizeToTheSameSizeIsAnIndependentCopy()
    {
        using Mat m = TestImages.PatternMat(40, 30);
        using Mat same = ImageGeometry.Resize(m, 30, 40);
        same.SetTo(Scalar.All(9));
        Assert.NotEqual(9, Pixels.ToBytes(m)[0]);
    }

    /// <summary>
    /// pix2pix's resize on Mats as OpenCV decodes them (BGR, BGRA, gray, rows with padding) gives Pillow's bytes: every
    /// committed Pillow fixture, decoded with OpenCV, resized with <see cref="ImageGeometry.Resize(Mat, int, int)"/>.
    /// </summary>
    [Fact]
    public void ResizeOfDecodedImagesEqualsPillowsOnEveryFixture()
    {
        int compared = 0;
        foreach (var c in ResizeFixtures.Cases)
        {
            using Mat source = ImageCodec.Read(Path.Combine(ResizeFixtures.Folder, c.Source + ".png"));
            using Mat expected = ImageCodec.Read(Path.Combine(ResizeFixtures.Folder, c.Expected + ".png"));
            using Mat padded = ImageGeometry.Pad(source, 0, 0, 0, 3, BorderTypes.Constant);
            using Mat view = ImageGeometry.View(padded, 0, 0, source.Cols, source.Rows);
            foreach (var input in new[] { source, view })
            {
                using Mat resized = ImageGeometry.Resize(input, c.NewWidth, c.NewHeight);
                Assert.Equal((expected.Cols, expected.Rows, expected.Channels()), (resized.Cols, resized.Rows, resized.Channels()));
                var diff = Pixels.ToBytes(expected).Zip(Pixels.ToBytes(resized), (a, b) => Math.Abs(a - b)).Max();
                Assert.True(diff == 0, $"{c.Name}: max |ours - Pillow| = {diff}");
                compared++;
            }
        }
        Assert.True(compared >= 40, $"only {compared} comparisons");
    }

    [Fact]
    public void ShrinkingDiffersFromOpenCvsCubic()
    {
        using Mat m = TestImages.PatternMat(64, 64);
        using Mat pillow = ImageGeometry.Resize(m, 16, 16);
        using Mat cubic = ImageGeometry.Resize(m, 16, 16, InterpolationFlags.Cubic);
        Assert.NotEqual(Pixels.ToBytes(cubic), Pixels.ToBytes(pillow));
    }

    [Fact]
    public void ResizeRejectsBadSizes()
    {
        using Mat m = TestImages.PatternMat(4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGeometry.Resize(m, 0, 4));
        using Mat empty = new();
        Assert.Throws<ImageException>(() => ImageGeometry.Resize(empty, 4, 4));
    }

    [Fact]
    public void CropCopiesTheRegionAndAViewSharesIt()
    {
        byte[] p = TestImages.Pattern(10, 12);
        using Mat m = Pixels.FromBytes(p, 10, 12, 3);
        using Mat c = ImageGeometry.Crop(m, 3, 2, 4, 5);
        Assert.Equal((5, 4), (c.Rows, c.Cols));
        byte[] got = Pixels.ToBytes(c);
        for (int y = 0; y < 5; y++)
        for (int x = 0; x < 4; x++)
        for (int ch = 0; ch < 3; ch++)
            Assert.Equal(p[((y + 2) * 12 + x + 3) * 3 + ch], got[(y * 4 + x) * 3 + ch]);

        c.SetTo(Scalar.All(0));
        Assert.Equal(p, Pixels.ToBytes(m));
        using (Mat view = ImageGeometry.View(m, 3, 2, 4, 5))
        {
            Assert.Equal(got, Pixels.ToBytes(view));
            view.SetTo(Scalar.All(0));
        }
        Assert.Equal(new byte[3], TestImages.Pixel(m, 3, 2));
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
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ImageGeometry.Crop(m, x, y, w, h));
        Assert.Contains("12x10", e.Message);
        Assert.Contains($"x={x}", e.Message);
    }

    [Fact]
    public void FlipMirrorsAndKeepsPixelChannelsTogether()
    {
        using Mat m = Pixels.FromBytes([1, 2, 3, 4, 5, 6], 2, 3, 1);
        using Mat h = ImageGeometry.Flip(m, FlipMode.Y);
        Assert.Equal(new byte[] { 3, 2, 1, 6, 5, 4 }, Pixels.ToBytes(h));
        using Mat v = ImageGeometry.Flip(m, FlipMode.X);
        Assert.Equal(new byte[] { 4, 5, 6, 1, 2, 3 }, Pixels.ToBytes(v));
        using Mat bgr = Pixels.FromBytes([1, 2, 3, 4, 5, 6], 1, 2, 3);
        using Mat mirrored = ImageGeometry.Flip(bgr, FlipMode.Y);
        Assert.Equal(new byte[] { 4, 5, 6, 1, 2, 3 }, Pixels.ToBytes(mirrored));
    }

    [Fact]
    public void BordersFollowTheirRule()
    {
        using Mat m = Pixels.FromBytes([1, 2, 3], 1, 3, 1);
        using Mat reflect101 = ImageGeometry.Pad(m, 0, 0, 2, 2, BorderTypes.Reflect101);
        Assert.Equal(new byte[] { 3, 2, 1, 2, 3, 2, 1 }, Pixels.ToBytes(reflect101));
        using Mat reflect = ImageGeometry.Pad(m, 0, 0, 2, 2, BorderTypes.Reflect);
        Assert.Equal(new byte[] { 2, 1, 1, 2, 3, 3, 2 }, Pixels.ToBytes(reflect));
        using Mat replicate = ImageGeometry.Pad(m, 0, 0, 2, 1, BorderTypes.Replicate);
        Assert.Equal(new byte[] { 1, 1, 1, 2, 3, 3 }, Pixels.ToBytes(replicate));
        using Mat constant = ImageGeometry.Pad(m, 1, 0, 1, 0, BorderTypes.Constant);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 2, 3 }, Pixels.ToBytes(constant));
        using Mat dot = TestImages.Solid(1, 1, 1, 2, 3);
        using Mat coloured = ImageGeometry.Pad(dot, 0, 0, 0, 1, BorderTypes.Constant, new Scalar(30, 20, 10));
        Assert.Equal(new byte[] { 3, 2, 1, 30, 20, 10 }, Pixels.ToBytes(coloured));
    }

    [Fact]
    public void Reflect101BorderTooLargeIsRejected()
    {
        using Mat m = TestImages.PatternMat(3, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGeometry.Pad(m, 3, 0, 0, 0, BorderTypes.Reflect101));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageGeometry.Pad(m, -1, 0, 0, 0, BorderTypes.Constant));
    }
}
