using OpenCvSharp;

namespace Pix2Pix.Imaging.Tests;

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
        using Mat m = Pixels.FromBytes(pixels, 37, 53, channels);
        using Mat back = ImageCodec.Decode(ImageCodec.Encode(m, ext));
        Assert.Equal((37, 53, channels, MatType.CV_8U), (back.Rows, back.Cols, back.Channels(), back.Depth()));
        Assert.Equal(pixels, Pixels.ToBytes(back));
    }

    [Fact]
    public void JpegRoundTripIsClose()
    {
        using Mat m = TestImages.Solid(32, 48, 200, 120, 40);
        byte[] jpeg = ImageCodec.Encode(m, ".jpg", jpegQuality: 95);
        Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        using Mat back = ImageCodec.Decode(jpeg);
        Assert.Equal((32, 48, 3), (back.Rows, back.Cols, back.Channels()));
        byte[] a = Pixels.ToBytes(m), b = Pixels.ToBytes(back);
        double meanAbs = a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
        Assert.True(meanAbs < 3, $"mean abs error {meanAbs}");
        Assert.InRange(b[0], 35, 45);
        Assert.InRange(b[1], 115, 125);
        Assert.InRange(b[2], 195, 205);
    }

    [Fact]
    public void JpegQualityChangesSize()
    {
        using Mat m = TestImages.PatternMat(64, 64);
        Assert.True(ImageCodec.Encode(m, ".jpg", 20).Length < ImageCodec.Encode(m, "jpeg", 100).Length);
    }

    [Fact]
    public void EncodedFormatsHaveTheirSignatures()
    {
        using Mat m = TestImages.PatternMat(4, 4);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, ImageCodec.Encode(m, ".png")[..4]);
        Assert.Equal("BM"u8.ToArray(), ImageCodec.Encode(m, ".BMP")[..2]);
        byte[] tif = ImageCodec.Encode(m, ".tif")[..2];
        Assert.True(tif.SequenceEqual("II"u8.ToArray()) || tif.SequenceEqual("MM"u8.ToArray()));
    }

    [Fact]
    public void RedStaysRedThroughEncodeDecodeAndTheTensor()
    {
        using Mat red = TestImages.Solid(2, 2, 255, 0, 0);
        Assert.Equal(new byte[] { 0, 0, 255 }, TestImages.Pixel(red, 1, 1));
        foreach (string ext in new[] { ".png", ".bmp", ".tif" })
        {
            using Mat back = ImageCodec.Decode(ImageCodec.Encode(red, ext));
            Assert.Equal(new byte[] { 0, 0, 255 }, TestImages.Pixel(back, 1, 1));
            float[] chw = ImageTensor.ToChw(back);
            Assert.Equal(new[] { 1f, 1f, 1f, 1f, -1f, -1f, -1f, -1f, -1f, -1f, -1f, -1f }, chw);
        }
    }

    [Fact]
    public void PngFromRgbBytesHasTheColoursAnotherDecoderSees()
    {
        // Hand-built RGB PNG (colour type 2): what any other tool writes. OpenCV hands it back as BGR.
        byte[] png = PngBuilder.Build(2, 1, PngBuilder.Rgb, 8, [255, 0, 0, 10, 20, 30]);
        using Mat decoded = ImageCodec.Decode(png);
        Assert.Equal(new byte[] { 0, 0, 255, 30, 20, 10 }, Pixels.ToBytes(decoded));
        using Mat fromRgb = Pixels.FromRgb([255, 0, 0, 10, 20, 30], 1, 2);
        Assert.Equal(Pixels.ToBytes(decoded), Pixels.ToBytes(fromRgb));
    }

    [Fact]
    public void BgraPngKeepsOrderAndTo8BitDropsAlpha()
    {
        byte[] bgra = [255, 0, 0, 10, 0, 255, 0, 128, 0, 0, 255, 255, 1, 2, 3, 0];
        using Mat m = Pixels.FromBytes(bgra, 2, 2, 4);
        using Mat back = ImageCodec.Decode(ImageCodec.Encode(m, ".png"));
        Assert.Equal(4, back.Channels());
        Assert.Equal(bgra, Pixels.ToBytes(back));
        using Mat bgr = ImageConvert.To8Bit(back);
        Assert.Equal(new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 1, 2, 3 }, Pixels.ToBytes(bgr));
    }

    [Fact]
    public void SixteenBitPngIsKeptThenScaledTo8Bit()
    {
        ushort[] values = [65535, 0, 257, 257 * 128, 257 * 200, 257 * 254, 128, 129, 65534];
        using Mat m16 = Pixels.FromUInt16(values, 3, 3, 1);
        Assert.Equal(MatType.CV_16U, m16.Depth());
        using Mat back = ImageCodec.Decode(ImageCodec.Encode(m16, ".png"));
        Assert.Equal(MatType.CV_16U, back.Depth());
        Assert.Equal(values, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(Pixels.ToBytes(back)).ToArray());

        using Mat gray = ImageConvert.To8Bit(back, channels: 1);
        Assert.Equal(new byte[] { 255, 0, 1, 128, 200, 254, 0, 1, 255 }, Pixels.ToBytes(gray));
        using Mat bgr = ImageConvert.To8Bit(back);
        Assert.Equal(new byte[] { 255, 255, 255 }, TestImages.Pixel(bgr, 0, 0));
        Assert.Equal(new byte[] { 200, 200, 200 }, TestImages.Pixel(bgr, 1, 1));
    }

    [Fact]
    public void SixteenBitColourPngKeepsChannelOrder()
    {
        ushort[] values = [65535, 0, 257 * 10, 0, 0, 0];
        using Mat m16 = Pixels.FromUInt16(values, 1, 2, 3);
        using Mat back = ImageCodec.Decode(ImageCodec.Encode(m16, ".png"));
        using Mat bgr = ImageConvert.To8Bit(back);
        Assert.Equal(new byte[] { 255, 0, 10, 0, 0, 0 }, Pixels.ToBytes(bgr));
    }

    [Fact]
    public void ReadModesConvertOnDecode()
    {
        using Mat red = TestImages.Solid(3, 3, 255, 0, 0);
        byte[] png = ImageCodec.Encode(red, ".png");
        using Mat gray = ImageCodec.Decode(png, mode: ImreadModes.Grayscale);
        Assert.Equal(1, gray.Channels());
        Assert.Equal(76, Pixels.ToBytes(gray)[0]);
        using Mat color = ImageCodec.Decode(png, mode: ImreadModes.Color);
        Assert.Equal(new byte[] { 0, 0, 255 }, TestImages.Pixel(color, 0, 0));
    }

    [Fact]
    public void OneByOneImageRoundTrips()
    {
        using Mat dot = TestImages.Solid(1, 1, 1, 2, 3);
        foreach (string ext in new[] { ".png", ".bmp", ".tif" })
        {
            using Mat back = ImageCodec.Decode(ImageCodec.Encode(dot, ext));
            Assert.Equal(new byte[] { 3, 2, 1 }, Pixels.ToBytes(back));
            Assert.Equal(new[] { 1 / 127.5f - 1, 2 / 127.5f - 1, 3 / 127.5f - 1 }, ImageTensor.ToChw(back));
        }
    }

    [Fact]
    public void LargeImageDecodesWhole()
    {
        const int rows = 6000, cols = 8000;
        using Mat big = new(rows, cols, MatType.CV_8UC1, Scalar.All(0));
        big.Set(rows - 1, cols - 1, (byte)200);
        byte[] png = ImageCodec.Encode(big, ".png");
        using Mat back = ImageCodec.Decode(png, "big.png");
        Assert.Equal((rows, cols, 1), (back.Rows, back.Cols, back.Channels()));
        Assert.Equal(200, back.At<byte>(rows - 1, cols - 1));
        Assert.Equal(200, Cv2.CountNonZero(back) * 200);
    }

    [Fact]
    public void UnsupportedExtensionIsRejected()
    {
        using Mat m = TestImages.PatternMat(2, 2);
        var e = Assert.Throws<ArgumentException>(() => ImageCodec.Encode(m, ".gif"));
        Assert.Contains(".gif", e.Message);
    }

    [Fact]
    public void UnencodableImagesGetAClearError()
    {
        using Mat twoChannels = new(4, 4, MatType.CV_8UC2, Scalar.All(0));
        Assert.Contains("1, 3 or 4 channels", Assert.Throws<ImageException>(() => ImageCodec.Encode(twoChannels, ".png")).Reason);
        using Mat signed = new(4, 4, MatType.CV_16SC1, Scalar.All(0));
        Assert.Contains("16-bit signed", Assert.Throws<ImageException>(() => ImageCodec.Encode(signed, ".png")).Reason);
        using Mat wide = new(4, 4, MatType.CV_16UC3, Scalar.All(0));
        Assert.Contains("8-bit", Assert.Throws<ImageException>(() => ImageCodec.Encode(wide, ".jpg")).Reason);
        using Mat empty = new();
        Assert.Contains("empty", Assert.Throws<ImageException>(() => ImageCodec.Encode(empty, ".png")).Reason);
        using Mat m = TestImages.PatternMat(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCodec.Encode(m, ".jpg", 101));
    }
}
