using OpenCvSharp;

namespace Pix2Pix.Imaging.Tests;

/// <summary>The channel and depth policy: whatever was decoded becomes 8-bit BGR, or 8-bit gray for gray models.</summary>
public sealed class ImageConvertTests
{
    [Fact]
    public void GrayExpandsToBgr()
    {
        using Mat gray = Pixels.FromBytes([0, 100, 255], 1, 3, 1);
        using Mat bgr = ImageConvert.To8Bit(gray);
        Assert.Equal(new byte[] { 0, 0, 0, 100, 100, 100, 255, 255, 255 }, Pixels.ToBytes(bgr));
    }

    [Fact]
    public void ColourToGrayUsesLuma()
    {
        using Mat bgr = Pixels.FromRgb([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255], 1, 4);
        using Mat gray = ImageConvert.To8Bit(bgr, channels: 1);
        Assert.Equal(new byte[] { 76, 150, 29, 255 }, Pixels.ToBytes(gray));
    }

    [Fact]
    public void BgraToGrayIgnoresAlpha()
    {
        using Mat bgra = Pixels.FromBytes([0, 0, 255, 0, 255, 255, 255, 7], 1, 2, 4);
        using Mat gray = ImageConvert.To8Bit(bgra, channels: 1);
        Assert.Equal(new byte[] { 76, 255 }, Pixels.ToBytes(gray));
    }

    [Fact]
    public void GrayAlphaPngDecodesToGray()
    {
        byte[] png = PngBuilder.Build(2, 1, PngBuilder.GrayAlpha, 8, [10, 255, 200, 0]);
        using Mat decoded = ImageCodec.Decode(png);
        using Mat bgr = ImageConvert.To8Bit(decoded);
        Assert.Equal(new byte[] { 10, 10, 10, 200, 200, 200 }, Pixels.ToBytes(bgr));
        using Mat gray = ImageConvert.To8Bit(decoded, 1);
        Assert.Equal(new byte[] { 10, 200 }, Pixels.ToBytes(gray));
    }

    [Fact]
    public void SixteenBitGrayAlphaPngScalesAndDropsAlpha()
    {
        byte[] png = PngBuilder.Build(2, 1, PngBuilder.GrayAlpha, 16, [0xFF, 0xFF, 0x00, 0x00, 0x0A, 0x0A, 0xFF, 0xFF]);
        using Mat decoded = ImageCodec.Decode(png);
        Assert.Equal(MatType.CV_16U, decoded.Depth());
        using Mat bgr = ImageConvert.To8Bit(decoded);
        Assert.Equal(new byte[] { 255, 255, 255, 10, 10, 10 }, Pixels.ToBytes(bgr));
    }

    [Fact]
    public void SixteenBitGrayPngBecomesAGrayModelInput()
    {
        byte[] png = PngBuilder.Build(3, 1, PngBuilder.Gray, 16, [0xFF, 0xFF, 0x80, 0x80, 0x00, 0x00]);
        using Mat decoded = ImageCodec.Decode(png);
        Assert.Equal((MatType.CV_16U, 1), (decoded.Depth(), decoded.Channels()));
        using Mat gray = ImageConvert.To8Bit(decoded, 1);
        Assert.Equal(new[] { 1f, 128 / 127.5f - 1, -1f }, ImageTensor.ToChw(gray));
    }

    [Fact]
    public void HandBuiltGrayPngMatchesOpenCvsDecoding()
    {
        byte[] png = PngBuilder.Build(3, 2, PngBuilder.Gray, 8, [0, 1, 2, 253, 254, 255]);
        using Mat decoded = ImageCodec.Decode(png);
        Assert.Equal(1, decoded.Channels());
        Assert.Equal(new byte[] { 0, 1, 2, 253, 254, 255 }, Pixels.ToBytes(decoded));
    }

    [Fact]
    public void FloatImagesScaleBy255()
    {
        using Mat f = Pixels.FromSingle([0f, 0.5f, 1f, 2f], 1, 4, 1);
        using Mat gray = ImageConvert.To8Bit(f, 1);
        Assert.Equal(new byte[] { 0, 128, 255, 255 }, Pixels.ToBytes(gray));
    }

    [Fact]
    public void To8BitAlwaysReturnsANewMat()
    {
        using Mat m = TestImages.PatternMat(3, 3);
        using Mat copy = ImageConvert.To8Bit(m);
        copy.SetTo(Scalar.All(255));
        Assert.Equal(TestImages.Pattern(3, 3), Pixels.ToBytes(m));
    }

    [Fact]
    public void BadInputsAreRejectedClearly()
    {
        using Mat m = TestImages.PatternMat(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageConvert.To8Bit(m, 4));
        using Mat s16 = new(2, 2, MatType.CV_16SC1, Scalar.All(0));
        Assert.Contains("16-bit signed", Assert.Throws<ImageException>(() => ImageConvert.To8Bit(s16)).Message);
        using Mat empty = new();
        Assert.Contains("empty", Assert.Throws<ImageException>(() => ImageConvert.To8Bit(empty)).Message);
    }

    [Fact]
    public void PixelsCopiesAndChecksLengths()
    {
        byte[] p = TestImages.Pattern(4, 6, 3);
        using Mat m = Pixels.FromBytes(p, 4, 6, 3);
        p[0] = 99;
        Assert.Equal(0, Pixels.ToBytes(m)[0]);
        Assert.Throws<ArgumentException>(() => Pixels.FromBytes(new byte[11], 2, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pixels.FromBytes(new byte[10], 2, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pixels.FromBytes([], -1, 2));
    }
}
