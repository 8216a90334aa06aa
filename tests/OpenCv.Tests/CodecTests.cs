using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

public sealed class CodecTests
{
    [Theory]
    [InlineData(".png", 3)]
    [InlineData(".png", 1)]
    [InlineData(".png", 4)]
    [InlineData(".bmp", 3)]
    [InlineData(".bmp", 1)]
    [InlineData(".tif", 3)]
    [InlineData(".tiff", 1)]
    public void LosslessFormatsRoundTripExactly(string ext, int channels)
    {
        byte[] pixels = TestImages.Pattern(37, 53, channels);
        using Mat m = Mat.FromPixels(pixels, 37, 53, channels);
        using Mat back = Mat.Decode(m.Encode(ext));
        Assert.Equal((37, 53, channels, Depth.U8), (back.Rows, back.Cols, back.Channels, back.Depth));
        Assert.Equal(pixels, back.ToBytes());
    }

    [Fact]
    public void JpegRoundTripIsClose()
    {
        using Mat m = TestImages.Solid(32, 48, new Rgb(200, 120, 40));
        byte[] jpeg = m.Encode(".jpg", jpegQuality: 95);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        using Mat back = Mat.Decode(jpeg);
        Assert.Equal((32, 48, 3), (back.Rows, back.Cols, back.Channels));
        byte[] a = m.ToBytes(), b = back.ToBytes();
        double meanAbs = a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
        Assert.True(meanAbs < 3, $"mean abs error {meanAbs}");
        Assert.InRange(b[0], 195, 205);
        Assert.InRange(b[1], 115, 125);
        Assert.InRange(b[2], 35, 45);
    }

    [Fact]
    public void JpegQualityChangesSize()
    {
        using Mat m = TestImages.PatternMat(64, 64);
        Assert.True(m.Encode(".jpg", 20).Length < m.Encode("jpeg", 100).Length);
    }

    [Fact]
    public void EncodedFormatsHaveTheirSignatures()
    {
        using Mat m = TestImages.PatternMat(4, 4);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, m.Encode(".png")[..4]);
        Assert.Equal("BM"u8.ToArray(), m.Encode(".BMP")[..2]);
        byte[] tif = m.Encode(".tif")[..2];
        Assert.True(tif.SequenceEqual("II"u8.ToArray()) || tif.SequenceEqual("MM"u8.ToArray()));
    }

    [Fact]
    public void RedPixelStaysRedThroughEncodeAndDecode()
    {
        using Mat red = TestImages.Solid(2, 2, Rgb.Red);
        foreach (string ext in new[] { ".png", ".bmp", ".tif" })
        {
            using Mat back = Mat.Decode(red.Encode(ext));
            Assert.Equal(new byte[] { 255, 0, 0 }, TestImages.Pixel(back, 1, 1));
            using Mat bgr = back.ToBgr();
            Assert.Equal(new byte[] { 0, 0, 255 }, TestImages.Pixel(bgr, 1, 1));
        }
    }

    [Fact]
    public void RgbaPngKeepsOrderAndToRgb8DropsAlpha()
    {
        byte[] rgba = [255, 0, 0, 10, 0, 255, 0, 128, 0, 0, 255, 255, 1, 2, 3, 0];
        using Mat m = Mat.FromPixels(rgba, 2, 2, 4);
        using Mat back = Mat.Decode(m.Encode(".png"));
        Assert.Equal(4, back.Channels);
        Assert.Equal(rgba, back.ToBytes());
        using Mat rgb = back.ToRgb8();
        Assert.Equal(new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3 }, rgb.ToBytes());
    }

    [Fact]
    public void SixteenBitPngIsKeptThenScaledTo8Bit()
    {
        ushort[] values = [65535, 0, 257, 257 * 128, 257 * 200, 257 * 254, 128, 129, 65534];
        using Mat m16 = Mat.FromData<ushort>(values, 3, 3, 1);
        Assert.Equal(Depth.U16, m16.Depth);
        using Mat back = Mat.Decode(m16.Encode(".png"));
        Assert.Equal(Depth.U16, back.Depth);
        Assert.Equal(values, back.ToArray<ushort>());

        using Mat gray = back.ToRgb8(channels: 1);
        Assert.Equal(new byte[] { 255, 0, 1, 128, 200, 254, 0, 1, 255 }, gray.ToBytes());
        using Mat rgb = back.ToRgb8();
        Assert.Equal(new byte[] { 255, 255, 255 }, TestImages.Pixel(rgb, 0, 0));
        Assert.Equal(new byte[] { 200, 200, 200 }, TestImages.Pixel(rgb, 1, 1));
    }

    [Fact]
    public void SixteenBitRgbPngKeepsChannelOrder()
    {
        ushort[] values = [65535, 0, 257 * 10, 0, 0, 0];
        using Mat m16 = Mat.FromData<ushort>(values, 1, 2, 3);
        using Mat back = Mat.Decode(m16.Encode(".png"));
        Assert.Equal(values, back.ToArray<ushort>());
        using Mat rgb = back.ToRgb8();
        Assert.Equal(new byte[] { 255, 0, 10, 0, 0, 0 }, rgb.ToBytes());
    }

    [Fact]
    public void ReadModesConvertOnDecode()
    {
        using Mat red = TestImages.Solid(3, 3, Rgb.Red);
        byte[] png = red.Encode(".png");
        using Mat gray = Mat.Decode(png, ImreadModes.Grayscale);
        Assert.Equal(1, gray.Channels);
        Assert.Equal(76, gray.ToBytes()[0]);
        using Mat color = Mat.Decode(png, ImreadModes.Color);
        Assert.Equal(new byte[] { 255, 0, 0 }, TestImages.Pixel(color, 0, 0));
    }

    [Fact]
    public void FromStreamDecodes()
    {
        using Mat m = TestImages.PatternMat(5, 6);
        using var stream = new MemoryStream(m.Encode(".png"));
        using Mat back = Mat.FromStream(stream);
        Assert.Equal(m.ToBytes(), back.ToBytes());
    }

    [Fact]
    public void UnsupportedExtensionIsRejected()
    {
        using Mat m = TestImages.PatternMat(2, 2);
        var e = Assert.Throws<ArgumentException>(() => m.Encode(".gif"));
        Assert.Contains(".gif", e.Message);
    }
}
