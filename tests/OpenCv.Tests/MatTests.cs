using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

public sealed class MatTests
{
    [Fact]
    public void ZerosHasTheShapeAndDepth()
    {
        using Mat m = Mat.Zeros(3, 5, Depth.U16, 4);
        Assert.Equal((3, 5, 3, 5, 4, Depth.U16, false), (m.Rows, m.Cols, m.Height, m.Width, m.Channels, m.Depth, m.IsEmpty));
        Assert.Equal(8, m.PixelSize);
        Assert.Equal(3 * 5 * 8, m.ByteCount);
        Assert.All(m.ToBytes(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void FromPixelsCopiesTheData()
    {
        byte[] p = TestImages.Pattern(4, 6, 3);
        using Mat m = Mat.FromPixels(p, 4, 6, 3);
        p[0] = 99;
        Assert.Equal(0, m.ToBytes()[0]);
        var span = new byte[m.ByteCount];
        m.CopyTo(span);
        Assert.Equal(m.ToBytes(), span);
    }

    [Fact]
    public void FromPixelsChecksTheLength()
    {
        Assert.Throws<ArgumentException>(() => Mat.FromPixels(new byte[11], 2, 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mat.FromPixels(new byte[10], 2, 1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Mat.Zeros(-1, 2));
    }

    [Fact]
    public void TypedDataRoundTrips()
    {
        float[] f = [0.25f, -3f, 1e6f, 7f];
        using Mat m = Mat.FromData<float>(f, 2, 1, 2);
        Assert.Equal(Depth.F32, m.Depth);
        Assert.Equal(f, m.ToArray<float>());
        Assert.Throws<ArgumentException>(() => m.ToArray<ushort>());
    }

    [Fact]
    public void CloneIsIndependent()
    {
        using Mat m = TestImages.PatternMat(3, 3);
        using Mat c = m.Clone();
        c.FillRectangle(0, 0, 3, 3, Rgb.Black);
        Assert.Equal(TestImages.Pattern(3, 3), m.ToBytes());
    }

    [Fact]
    public void CopyToChecksTheDestinationSize()
    {
        using Mat m = TestImages.PatternMat(3, 3);
        Assert.Throws<ArgumentException>(() => m.CopyTo(new byte[26]));
    }

    [Fact]
    public void DisposedMatThrows()
    {
        Mat m = TestImages.PatternMat(2, 2);
        m.Dispose();
        m.Dispose();
        Assert.True(m.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => m.ToBytes());
        Assert.Throws<ObjectDisposedException>(() => m.Resize(4, 4));
        Assert.Equal("Mat(disposed)", m.ToString());
    }

    [Fact]
    public void CvReportsVersionAndThreads()
    {
        Assert.StartsWith("4.", Cv.Version);
        int before = Cv.NumThreads;
        Cv.SetNumThreads(1);
        Assert.Equal(1, Cv.NumThreads);
        Cv.SetNumThreads(before);
        Assert.Equal(before, Cv.NumThreads);
    }
}
