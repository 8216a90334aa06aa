using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

public sealed class DrawingTests
{
    [Fact]
    public void FillRectangleColorsExactlyItsArea()
    {
        using Mat m = Mat.Zeros(6, 8);
        m.FillRectangle(2, 1, 3, 4, new Rgb(10, 20, 30));
        for (int y = 0; y < 6; y++)
        for (int x = 0; x < 8; x++)
        {
            bool inside = x is >= 2 and < 5 && y is >= 1 and < 5;
            Assert.Equal(inside ? new byte[] { 10, 20, 30 } : new byte[] { 0, 0, 0 }, TestImages.Pixel(m, x, y));
        }
    }

    [Fact]
    public void RectangleDrawsOnlyTheOutline()
    {
        using Mat m = Mat.Zeros(10, 10, Depth.U8, 1);
        m.Rectangle(2, 2, 5, 5, Rgb.White);
        byte[] p = m.ToBytes();
        Assert.Equal(255, p[2 * 10 + 2]);
        Assert.Equal(255, p[6 * 10 + 6]);
        Assert.Equal(255, p[2 * 10 + 4]);
        Assert.Equal(0, p[4 * 10 + 4]);
        Assert.Equal(0, p[1 * 10 + 1]);
        Assert.Equal(16, p.Count(v => v == 255));
    }

    [Fact]
    public void LineSetsThePixelsOnIt()
    {
        using Mat m = Mat.Zeros(5, 7);
        m.Line(1, 2, 5, 2, Rgb.Green);
        for (int x = 0; x < 7; x++)
            Assert.Equal(x is >= 1 and <= 5 ? new byte[] { 0, 255, 0 } : new byte[3], TestImages.Pixel(m, x, 2));
        Assert.Equal(5 * 3, m.ToBytes().Count(v => v != 0) + 5 * 2);
    }

    [Fact]
    public void DiagonalPolylineVisitsItsPoints()
    {
        using Mat m = Mat.Zeros(10, 10, Depth.U8, 1);
        m.Polyline([new Point(0, 0), new Point(4, 4), new Point(9, 4)], Rgb.White);
        byte[] p = m.ToBytes();
        for (int i = 0; i <= 4; i++) Assert.Equal(255, p[i * 10 + i]);
        for (int x = 4; x <= 9; x++) Assert.Equal(255, p[4 * 10 + x]);
        Assert.Equal(0, p[9 * 10]);
    }

    [Fact]
    public void AntialiasedPolylineBlendsEdges()
    {
        using Mat m = Mat.Zeros(20, 20, Depth.U8, 1);
        m.Polyline([new Point(0, 0), new Point(19, 7)], Rgb.White, thickness: 1, antialiased: true);
        byte[] p = m.ToBytes();
        Assert.Contains(p, v => v is > 0 and < 255);
    }

    [Fact]
    public void GrayImagesGetTheColorsLuma()
    {
        using Mat m = Mat.Zeros(3, 3, Depth.U8, 1);
        m.FillRectangle(0, 0, 3, 3, Rgb.Red);
        Assert.All(m.ToBytes(), v => Assert.Equal(Rgb.Red.Luma, v));
        Assert.Equal(76, Rgb.Red.Luma);
    }

    [Fact]
    public void PutTextInksInsideItsMeasuredBox()
    {
        const string text = "loss G 0.42";
        TextSize size = Mat.GetTextSize(text, 0.5, 1);
        Assert.True(size.Width > 40 && size.Height > 5 && size.Baseline >= 0, size.ToString());

        using Mat m = Mat.Zeros(40, size.Width + 20);
        int x = 10, y = 25;
        m.PutText(text, x, y, 0.5, Rgb.White, 1);
        byte[] p = m.ToBytes();
        int inked = 0;
        for (int row = 0; row < m.Rows; row++)
        for (int col = 0; col < m.Cols; col++)
        {
            if (p[(row * m.Cols + col) * 3] == 0) continue;
            inked++;
            Assert.InRange(col, x - 1, x + size.Width + 1);
            Assert.InRange(row, y - size.Height - 1, y + size.Baseline + 1);
        }
        Assert.True(inked > 50, $"only {inked} pixels inked");
    }

    [Fact]
    public void LongerTextMeasuresWider()
    {
        Assert.True(Mat.GetTextSize("epoch 10", 1).Width > Mat.GetTextSize("epoch", 1).Width);
        Assert.True(Mat.GetTextSize("a", 2).Height > Mat.GetTextSize("a", 1).Height);
    }

    [Fact]
    public void DrawingOutsideTheImageIsClipped()
    {
        using Mat m = Mat.Zeros(4, 4, Depth.U8, 1);
        m.Line(-10, -10, 100, 100, Rgb.White);
        m.FillRectangle(2, 2, 50, 50, Rgb.White);
        Assert.Equal(255, m.ToBytes()[15]);
    }

    [Fact]
    public void DrawingNeedsAnEightBitImage()
    {
        using Mat m = Mat.Zeros(4, 4, Depth.F32, 3);
        Assert.Throws<NotSupportedException>(() => m.FillRectangle(0, 0, 1, 1, Rgb.White));
        using Mat u8 = Mat.Zeros(4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => u8.Line(0, 0, 1, 1, Rgb.White, thickness: 0));
    }
}
