namespace Pix2Pix.Imaging.Tests;

/// <summary>PilResize against Pillow 9.4's Image.resize(size, Image.BICUBIC) bytes (tests/fixtures/resize).</summary>
public sealed class PilResizeTests
{
    public static TheoryData<string> CaseNames => [.. ResizeFixtures.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPillowByteForByte(string name) => AssertMatchesPillow(ResizeFixtures.Case(name), simd: true);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ScalarPassesMatchPillowByteForByte(string name) => AssertMatchesPillow(ResizeFixtures.Case(name), simd: false);

    [Fact]
    public void FixturesCoverEveryModeAndKindOfResize()
    {
        var cases = ResizeFixtures.Cases;
        Assert.Equal(["L", "RGB", "RGBA"], cases.Select(c => c.Mode).Distinct().Order());
        Assert.Contains(cases, c => c.NewWidth > c.Width && c.NewHeight > c.Height);
        Assert.Contains(cases, c => c.NewWidth < c.Width && c.NewHeight < c.Height && c.Width % c.NewWidth != 0);
        Assert.Contains(cases, c => c.NewWidth == c.Width && c.NewHeight != c.Height);
        Assert.Contains(cases, c => c.NewWidth != c.Width && c.NewHeight == c.Height);
        Assert.Contains(cases, c => c.NewWidth == c.Width && c.NewHeight == c.Height);
        Assert.Contains(cases, c => c.Width == 1 && c.Height == 1);
        Assert.Contains(cases, c => c.NewWidth == 1 && c.NewHeight == 1);
    }

    [Theory]
    [InlineData("rgb_256_to_286")]
    [InlineData("rgb_13x7_to_40x21")]
    [InlineData("l_97x61_to_97x200")]
    [InlineData("rgba_97x61_to_200x130")]
    [InlineData("facade_crop_to_143x107")]
    public void EnlargingMatchesPillowThroughTheStaticApi(string name)
    {
        var c = ResizeFixtures.Case(name);
        var src = ResizeFixtures.Load(c.Source);
        var expected = ResizeFixtures.Load(c.Expected);
        Assert.True(c.NewWidth >= c.Width && c.NewHeight >= c.Height && (c.NewWidth, c.NewHeight) != (c.Width, c.Height));

        byte[] ours = PilResize.Resize(src.Data, src.Width, src.Height, src.Channels, c.NewWidth, c.NewHeight);

        AssertSameBytes(expected.Data, ours, expected.Width, expected.Channels, name);
    }

    [Theory]
    [InlineData("rgb_512x256_to_256x256")]
    [InlineData("rgb_97x61_to_150x40")]
    [InlineData("l_300x200_to_150x100")]
    [InlineData("rgba_64x48_to_64x20")]
    [InlineData("rgba_64x48_to_30x48")]
    [InlineData("rgb_97x61_to_97x61")]
    public void PaddedRowsGiveTheSameBytesAndPaddingIsLeftAlone(string name)
    {
        var c = ResizeFixtures.Case(name);
        var src = ResizeFixtures.Load(c.Source);
        var expected = ResizeFixtures.Load(c.Expected);
        int ch = src.Channels, srcStride = src.Width * ch + 13, dstStride = c.NewWidth * ch + 7;
        var padded = new byte[srcStride * src.Height];
        new Random(1).NextBytes(padded);
        for (int y = 0; y < src.Height; y++)
            src.Data.AsSpan(y * src.Width * ch, src.Width * ch).CopyTo(padded.AsSpan(y * srcStride));
        var dst = new byte[dstStride * c.NewHeight + 5];
        Array.Fill(dst, (byte)0xA5);

        foreach (bool simd in new[] { true, false })
        {
            new PilResampler(src.Width, src.Height, c.NewWidth, c.NewHeight).Resize(padded, ch, srcStride, dst, dstStride, simd);

            var packed = new byte[c.NewWidth * c.NewHeight * ch];
            for (int y = 0; y < c.NewHeight; y++)
            {
                dst.AsSpan(y * dstStride, c.NewWidth * ch).CopyTo(packed.AsSpan(y * c.NewWidth * ch));
                Assert.All(dst.AsSpan(y * dstStride + c.NewWidth * ch, y < c.NewHeight - 1 ? 7 : 12).ToArray(), b => Assert.Equal(0xA5, b));
            }
            AssertSameBytes(expected.Data, packed, c.NewWidth, ch, $"{name} (simd {simd})");
        }
    }

    [Theory]
    [InlineData(1, 200, 40, 60)]
    [InlineData(3, 512, 256, 256)]
    [InlineData(3, 256, 286, 286)]
    [InlineData(4, 97, 1, 300)]
    [InlineData(1, 5, 333, 2)]
    public void AConstantImageStaysConstant(int channels, int width, int newWidth, int newHeight)
    {
        int height = width / 2 + 1;
        byte[] colour = [17, 200, 255, 255];
        var src = new byte[width * height * channels];
        for (int i = 0; i < src.Length; i++)
            src[i] = colour[i % channels];

        byte[] dst = PilResize.Resize(src, width, height, channels, newWidth, newHeight);

        for (int i = 0; i < dst.Length; i++)
            Assert.Equal(colour[i % channels], dst[i]);
    }

    /// <summary>The AVX2 passes add the same integer products as the scalar ones in another order, so any size must agree.</summary>
    [Fact]
    public void VectorAndScalarPassesAgreeOnRandomSizes()
    {
        var rng = new Random(20240607);
        for (int trial = 0; trial < 60; trial++)
        {
            int ch = new[] { 1, 3, 4 }[trial % 3];
            int w = rng.Next(1, 90), h = rng.Next(1, 90), nw = rng.Next(1, 120), nh = rng.Next(1, 120);
            var src = new byte[w * h * ch];
            rng.NextBytes(src);
            var resampler = new PilResampler(w, h, nw, nh);
            var vector = new byte[nw * nh * ch];
            var scalar = new byte[nw * nh * ch];

            resampler.Resize(src, ch, w * ch, vector, nw * ch, simd: true);
            resampler.Resize(src, ch, w * ch, scalar, nw * ch, simd: false);

            AssertSameBytes(scalar, vector, nw, ch, $"{w}×{h}×{ch} → {nw}×{nh}");
        }
    }

    [Fact]
    public void FullyTransparentPixelsLoseTheirColourAsInPillow()
    {
        var src = new byte[8 * 8 * 4];
        for (int i = 0; i < src.Length; i += 4)
            (src[i], src[i + 1], src[i + 2], src[i + 3]) = ((byte)250, (byte)10, (byte)99, (byte)0);

        byte[] dst = PilResize.Resize(src, 8, 8, 4, 5, 3);

        Assert.All(dst, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(0, 4, 2, 2, "width")]
    [InlineData(4, -1, 2, 2, "height")]
    [InlineData(4, 4, 0, 2, "newWidth")]
    [InlineData(4, 4, 2, 0, "newHeight")]
    public void SizesBelowOnePixelAreRejected(int width, int height, int newWidth, int newHeight, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            PilResize.Resize(new byte[64], width, height, 1, 4, new byte[64], newWidth, newHeight));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("at least 1 pixel", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void UnsupportedChannelCountsAreRejected(int channels)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            PilResize.Resize(new byte[400], 4, 4, channels, 20, new byte[400], 2, 2));
        Assert.Equal("channels", e.ParamName);
        Assert.Contains("1 (L), 3 (RGB) or 4 (RGBA)", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PilResize.Resize(new byte[400], 4, 4, channels, 2, 2));
    }

    [Fact]
    public void AStrideShorterThanARowIsRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            PilResize.Resize(new byte[100], 4, 4, 3, 11, new byte[100], 2, 2));
        Assert.Equal("stride", e.ParamName);
        Assert.Contains("at least width × channels = 12", e.Message);

        var d = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new PilResampler(4, 4, 2, 2).Resize(new byte[48], 3, 12, new byte[100], 5));
        Assert.Equal("dstStride", d.ParamName);
    }

    [Fact]
    public void BuffersTooShortForTheirImageAreRejected()
    {
        var s = Assert.Throws<ArgumentException>(() => PilResize.Resize(new byte[47], 4, 4, 3, 12, new byte[12], 2, 2));
        Assert.Equal("src", s.ParamName);
        Assert.Contains("needs 48", s.Message);

        var d = Assert.Throws<ArgumentException>(() => PilResize.Resize(new byte[48], 4, 4, 3, 12, new byte[11], 2, 2));
        Assert.Equal("dst", d.ParamName);
        Assert.Contains("needs 12", d.Message);

        // The last row needs no padding after it.
        PilResize.Resize(new byte[12 + 20 * 3], 4, 4, 3, 20, new byte[12], 2, 2);
    }

    [Fact]
    public void OverlappingBuffersAreRejected()
    {
        var buffer = new byte[200];
        var e = Assert.Throws<ArgumentException>(() =>
            PilResize.Resize(buffer.AsSpan(0, 48), 4, 4, 3, 12, buffer.AsSpan(40, 12), 2, 2));
        Assert.Equal("dst", e.ParamName);
        Assert.Contains("overlap", e.Message);
    }

    private static void AssertMatchesPillow(ResizeCase c, bool simd)
    {
        var src = ResizeFixtures.Load(c.Source);
        var expected = ResizeFixtures.Load(c.Expected);
        Assert.Equal((c.Width, c.Height), (src.Width, src.Height));
        Assert.Equal((c.NewWidth, c.NewHeight, src.Channels), (expected.Width, expected.Height, expected.Channels));
        var ours = new byte[expected.Data.Length];

        new PilResampler(c.Width, c.Height, c.NewWidth, c.NewHeight)
            .Resize(src.Data, src.Channels, src.Width * src.Channels, ours, c.NewWidth * src.Channels, simd);

        AssertSameBytes(expected.Data, ours, c.NewWidth, src.Channels, c.Name);
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual, int width, int channels, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int differing = 0, maxDiff = 0, first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            if (d == 0)
                continue;
            differing++;
            maxDiff = Math.Max(maxDiff, d);
            if (first < 0)
                first = i;
        }
        int px = first / channels;
        Assert.True(differing == 0,
            $"{what}: {differing} of {expected.Length} bytes differ from Pillow's, max |diff| {maxDiff}; first at x={px % width}, y={px / width}, channel {first % channels}: Pillow {(first >= 0 ? expected[first] : 0)}, ours {(first >= 0 ? actual[first] : 0)}");
    }
}
