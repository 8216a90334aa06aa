namespace Pix2Pix.OpenCv;

public sealed partial class Mat
{
    private const int LineFilled = -1;
    private const int Line8 = 8;
    private const int LineAntialiased = 16;
    private const int FontHersheySimplex = 0;

    /// <summary>Draws the outline of a rectangle in place.</summary>
    public unsafe void Rectangle(int x, int y, int width, int height, Rgb color, int thickness = 1)
    {
        if (thickness < 1) throw new ArgumentOutOfRangeException(nameof(thickness), thickness, "thickness must be at least 1");
        double* c = stackalloc double[4];
        DrawColor(color, c);
        Native.Check(Native.p2cv_rectangle(Handle, x, y, width, height, c, thickness, Line8));
    }

    /// <summary>Fills a rectangle in place; the parts outside the image are ignored.</summary>
    public unsafe void FillRectangle(int x, int y, int width, int height, Rgb color)
    {
        double* c = stackalloc double[4];
        DrawColor(color, c);
        Native.Check(Native.p2cv_rectangle(Handle, x, y, width, height, c, LineFilled, Line8));
    }

    /// <summary>Draws a segment in place.</summary>
    public unsafe void Line(int x1, int y1, int x2, int y2, Rgb color, int thickness = 1, bool antialiased = false)
    {
        if (thickness < 1) throw new ArgumentOutOfRangeException(nameof(thickness), thickness, "thickness must be at least 1");
        double* c = stackalloc double[4];
        DrawColor(color, c);
        Native.Check(Native.p2cv_line(Handle, x1, y1, x2, y2, c, thickness, antialiased ? LineAntialiased : Line8));
    }

    /// <summary>Draws connected segments through <paramref name="points"/> in place (a loss curve, for instance).</summary>
    public unsafe void Polyline(ReadOnlySpan<Point> points, Rgb color, int thickness = 1, bool antialiased = false, bool closed = false)
    {
        if (thickness < 1) throw new ArgumentOutOfRangeException(nameof(thickness), thickness, "thickness must be at least 1");
        if (points.IsEmpty) return;
        double* c = stackalloc double[4];
        DrawColor(color, c);
        fixed (Point* p = points)
            Native.Check(Native.p2cv_polyline(Handle, (int*)p, points.Length, closed ? 1 : 0, c, thickness, antialiased ? LineAntialiased : Line8));
    }

    /// <summary>
    /// Writes one line of text in place with the Hershey simplex font; (<paramref name="x"/>, <paramref name="y"/>) is the
    /// left end of the baseline. Only printable ASCII is drawn; other characters show as '?'.
    /// </summary>
    public unsafe void PutText(string text, int x, int y, double scale, Rgb color, int thickness = 1, bool antialiased = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (scale <= 0) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be positive");
        if (thickness < 1) throw new ArgumentOutOfRangeException(nameof(thickness), thickness, "thickness must be at least 1");
        double* c = stackalloc double[4];
        DrawColor(color, c);
        Native.Check(Native.p2cv_put_text(Handle, text, x, y, FontHersheySimplex, scale, c, thickness, antialiased ? LineAntialiased : Line8));
    }

    /// <summary>Size of <paramref name="text"/> as <see cref="PutText"/> would draw it.</summary>
    public static TextSize GetTextSize(string text, double scale, int thickness = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        Native.Check(Native.p2cv_get_text_size(text, FontHersheySimplex, scale, thickness, out int w, out int h, out int baseline));
        return new TextSize(w, h, baseline);
    }

    private unsafe void DrawColor(Rgb color, double* c)
    {
        if (Depth != Depth.U8)
            throw new NotSupportedException($"drawing needs an 8-bit image, this one is {Depth}");
        ScalarOf(color, c);
    }

    private unsafe void ScalarOf(Rgb color, double* c)
    {
        double scale = Depth switch { Depth.U16 => 257, Depth.F32 or Depth.F64 => 1 / 255.0, _ => 1 };
        if (Channels <= 2)
        {
            c[0] = color.Luma * scale;
            c[1] = Channels == 2 ? 255 * scale : 0;
        }
        else
        {
            c[0] = color.R * scale;
            c[1] = color.G * scale;
        }
        c[2] = Channels >= 3 ? color.B * scale : 0;
        c[3] = 255 * scale;
    }
}
