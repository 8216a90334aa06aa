using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

public sealed class ColorTests
{
    [Fact]
    public void GrayExpandsToRgb()
    {
        using Mat gray = Mat.FromPixels([0, 100, 255], 1, 3, 1);
        using Mat rgb = gray.ToRgb8();
        Assert.Equal(new byte[] { 0, 0, 0, 100, 100, 100, 255, 255, 255 }, rgb.ToBytes());
    }

    [Fact]
    public void RgbToGrayUsesLuma()
    {
        using Mat rgb = Mat.FromPixels([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255], 1, 4, 3);
        using Mat gray = rgb.ToRgb8(channels: 1);
        Assert.Equal(new byte[] { 76, 150, 29, 255 }, gray.ToBytes());
    }

    [Fact]
    public void GrayAlphaPngDecodesToGrayInRgb()
    {
        byte[] png = PngBuilder.Build(2, 1, PngBuilder.GrayAlpha, 8, [10, 255, 200, 0]);
        using Mat decoded = Mat.Decode(png);
        using Mat rgb = decoded.ToRgb8();
        Assert.Equal(new byte[] { 10, 10, 10, 200, 200, 200 }, rgb.ToBytes());
        using Mat gray = decoded.ToRgb8(1);
        Assert.Equal(new byte[] { 10, 200 }, gray.ToBytes());
    }

    [Fact]
    public void SixteenBitGrayAlphaPngScalesAndDropsAlpha()
    {
        byte[] png = PngBuilder.Build(2, 1, PngBuilder.GrayAlpha, 16, [0xFF, 0xFF, 0x00, 0x00, 0x0A, 0x0A, 0xFF, 0xFF]);
        using Mat decoded = Mat.Decode(png);
        Assert.Equal(Depth.U16, decoded.Depth);
        using Mat rgb = decoded.ToRgb8();
        Assert.Equal(new byte[] { 255, 255, 255, 10, 10, 10 }, rgb.ToBytes());
    }

    [Fact]
    public void TwoChannelImagesKeepTheirFirstChannel()
    {
        using Mat ga = Mat.FromPixels([10, 255, 200, 0], 1, 2, 2);
        using Mat gray = ga.ToRgb8(1);
        Assert.Equal(new byte[] { 10, 200 }, gray.ToBytes());
    }

    [Fact]
    public void HandBuiltGrayPngMatchesOpenCvsDecoding()
    {
        byte[] png = PngBuilder.Build(3, 2, PngBuilder.Gray, 8, [0, 1, 2, 253, 254, 255]);
        using Mat decoded = Mat.Decode(png);
        Assert.Equal(1, decoded.Channels);
        Assert.Equal(new byte[] { 0, 1, 2, 253, 254, 255 }, decoded.ToBytes());
    }

    [Fact]
    public void FloatImagesScaleBy255()
    {
        using Mat f = Mat.FromData<float>([0f, 0.5f, 1f, 2f], 1, 4, 1);
        using Mat gray = f.ToRgb8(1);
        Assert.Equal(new byte[] { 0, 128, 255, 255 }, gray.ToBytes());
    }

    [Fact]
    public void ToRgb8AlwaysReturnsANewMat()
    {
        using Mat m = TestImages.PatternMat(3, 3);
        using Mat copy = m.ToRgb8();
        copy.FillRectangle(0, 0, 3, 3, Rgb.White);
        Assert.Equal(TestImages.Pattern(3, 3), m.ToBytes());
    }

    [Fact]
    public void FromBgrAndToBgrSwapChannels()
    {
        using Mat m = Mat.FromBgr([1, 2, 3], 1, 1);
        Assert.Equal(new byte[] { 3, 2, 1 }, m.ToBytes());
        using Mat bgr = m.ToBgr();
        Assert.Equal(new byte[] { 1, 2, 3 }, bgr.ToBytes());
    }

    [Fact]
    public void ConvertToScalesAndSaturates()
    {
        using Mat m = Mat.FromPixels([0, 100, 200], 1, 3, 1);
        using Mat f = m.ConvertTo(Depth.F32, 1 / 255.0);
        float[] values = f.ToArray<float>();
        Assert.Equal(0f, values[0]);
        Assert.Equal(100 / 255.0, values[1], 1e-6);
        Assert.Equal(200 / 255.0, values[2], 1e-6);
        using Mat doubled = m.ConvertTo(Depth.U8, 2);
        Assert.Equal(new byte[] { 0, 200, 255 }, doubled.ToBytes());
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        using Mat m = TestImages.PatternMat(2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.ToRgb8(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => m.ExtractChannel(3));
        using Mat s16 = Mat.Zeros(2, 2, Depth.S16, 1);
        Assert.Throws<NotSupportedException>(() => s16.ToRgb8());
    }
}
