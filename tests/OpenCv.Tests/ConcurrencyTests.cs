using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public void ParallelDecodesKeepTheirOwnErrors()
    {
        using Mat source = TestImages.PatternMat(32, 32);
        byte[] png = source.Encode(".png");
        byte[] expected = source.ToBytes();
        using Mat twoChannels = Mat.Zeros(2, 2, Depth.U8, 2);

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            switch (i % 3)
            {
                case 0:
                    using (Mat m = Mat.Decode(png)) Assert.Equal(expected, m.ToBytes());
                    break;
                case 1:
                    var decode = Assert.Throws<OpenCvException>(() => Mat.Decode([1, 2, 3, (byte)i]));
                    Assert.Contains("corrupt", decode.Reason);
                    break;
                default:
                    var encode = Assert.Throws<OpenCvException>(() => twoChannels.Encode(".png"));
                    Assert.Contains("channels", encode.Reason);
                    break;
            }
        });
    }
}
