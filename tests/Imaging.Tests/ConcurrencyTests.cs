using OpenCvSharp;

namespace Pix2Pix.Imaging.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public void ParallelDecodesKeepTheirOwnErrors()
    {
        using Mat source = TestImages.PatternMat(32, 32);
        byte[] png = ImageCodec.Encode(source, ".png");
        byte[] expected = Pixels.ToBytes(source);
        using Mat signed = new(2, 2, MatType.CV_16SC1, Scalar.All(0));
        Parallel.For(0, 96, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            switch (i % 3)
            {
                case 0:
                    using (Mat m = ImageCodec.Decode(png)) Assert.Equal(expected, Pixels.ToBytes(m));
                    break;
                case 1:
                    var decode = Assert.Throws<ImageException>(() => ImageCodec.Decode([1, 2, 3, (byte)i]));
                    Assert.Contains("corrupt", decode.Reason);
                    break;
                default:
                    var convert = Assert.Throws<ImageException>(() => ImageConvert.To8Bit(signed));
                    Assert.Contains("16-bit signed", convert.Reason);
                    break;
            }
        });
    }
}
