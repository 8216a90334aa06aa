using Pix2Pix.OpenCv;

namespace Pix2Pix.Training.Reports;

/// <summary>A pixel rectangle.</summary>
internal readonly record struct Box(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;
}

/// <summary>A named series of (x, y) points.</summary>
internal sealed record PlotSeries(string Label, Rgb Color, double[] X, double[] Y);

/// <summary>
/// One chart panel: a title and legend above, a grid, faint raw lines under smoothed ones, and optionally a second
/// series drawn as markers against its own axis on the right.
/// </summary>
internal sealed class PlotPanel(string title, IReadOnlyList<PlotSeries> lines, PlotSeries? markers = null)
{
    private const int TickLength = 4;
    private const int MarkerSize = 7;
    private const int SmoothFrom = 10;

    public bool HasMarkers => markers is { X.Length: > 0 };

    public void Draw(Mat canvas, Box area, AxisScale x, bool xLabels)
    {
        DrawHeader(canvas, area);
        AxisScale y = YScale(lines.SelectMany(s => s.Y.Concat(SmoothedOrEmpty(s))), area.Height, clampAtZero: true);
        AxisScale? right = HasMarkers ? YScale(markers!.Y, area.Height, clampAtZero: false) : null;

        using (Mat plot = Mat.Zeros(area.Height, area.Width))
        {
            plot.FillRectangle(0, 0, area.Width, area.Height, Palette.Background);
            foreach (double tick in y.Ticks())
                plot.Line(0, Py(y, tick, area.Height), area.Width, Py(y, tick, area.Height), Palette.Grid);
            foreach (double tick in x.Ticks())
                plot.Line(Px(x, tick, area.Width), 0, Px(x, tick, area.Width), area.Height, Palette.Grid);

            bool any = lines.Any(s => s.Y.Any(double.IsFinite)) || HasMarkers;
            if (!any)
                MatText.Draw(plot, "no data yet", area.Width / 2, area.Height / 2, Palette.MutedText, MatText.Normal, Align.Center);
            foreach (PlotSeries s in lines.Where(s => s.Y.Length >= SmoothFrom))
                DrawLine(plot, s.X, s.Y, x, y, Palette.Faint(s.Color, 0.3), 1);
            foreach (PlotSeries s in lines)
                DrawLine(plot, s.X, s.Y.Length >= SmoothFrom ? Smoothing.Ema(s.Y) : s.Y, x, y, s.Color, 2);
            if (right is not null)
                DrawMarkers(plot, markers!, x, right);
            plot.CopyTo(canvas, area.X, area.Y);
        }

        canvas.Rectangle(area.X - 1, area.Y - 1, area.Width + 2, area.Height + 2, Palette.Axis);
        DrawYLabels(canvas, area, y, area.X - TickLength, Align.Right, Palette.Text);
        if (right is not null)
            DrawYLabels(canvas, area, right, area.Right + TickLength, Align.Left, markers!.Color);
        DrawXTicks(canvas, area, x, xLabels);
    }

    private static IEnumerable<double> SmoothedOrEmpty(PlotSeries s) => s.Y.Length >= SmoothFrom ? Smoothing.Ema(s.Y) : [];

    private static AxisScale YScale(IEnumerable<double> values, int height, bool clampAtZero)
    {
        double[] all = values.ToArray();
        if (Smoothing.Range(all, tail: 0.005) is not (double lo, double hi))
            return AxisScale.Create(0, 1, Math.Max(2, height / 40), expand: true);
        double pad = (hi - lo) * 0.05;
        bool nonNegative = all.Where(double.IsFinite).All(v => v >= 0);
        lo = clampAtZero && nonNegative ? Math.Max(0, lo - pad) : lo - pad;
        return AxisScale.Create(lo, hi + pad, Math.Max(2, height / 40), expand: true);
    }

    private void DrawHeader(Mat canvas, Box area)
    {
        int baseline = area.Y - 8;
        var entries = lines.Select(s => (s.Label, s.Color, Marker: false)).ToList();
        if (HasMarkers) entries.Add((markers!.Label, markers.Color, true));

        int legendWidth = entries.Sum(e => 22 + MatText.Width(e.Label, MatText.Small) + 14) - 14;
        int titleWidth = Math.Max(0, area.Width - legendWidth - 16);
        MatText.Draw(canvas, MatText.Fit(title, titleWidth), area.X, baseline, Palette.Text);

        int cursor = area.Right - legendWidth;
        int middle = baseline - MatText.CapHeight(MatText.Small) / 2;
        foreach ((string label, Rgb color, bool marker) in entries)
        {
            if (marker)
                Marker(canvas, cursor + 8, middle, color);
            else
                canvas.Line(cursor, middle, cursor + 16, middle, color, 2, antialiased: true);
            cursor += 22;
            cursor += MatText.Draw(canvas, label, cursor, baseline, Palette.Text, MatText.Small) + 14;
        }
    }

    private static void DrawYLabels(Mat canvas, Box area, AxisScale y, int x, Align align, Rgb color)
    {
        int half = MatText.CapHeight(MatText.Small) / 2;
        foreach (double tick in y.Ticks())
        {
            int py = area.Y + Py(y, tick, area.Height);
            int edge = align == Align.Right ? area.X : area.Right;
            canvas.Line(edge - (align == Align.Right ? TickLength : 0), py, edge + (align == Align.Right ? 0 : TickLength), py, Palette.Axis);
            MatText.Draw(canvas, y.Label(tick), x + (align == Align.Right ? -2 : 2), py + half, color, MatText.Small, align);
        }
    }

    private static void DrawXTicks(Mat canvas, Box area, AxisScale x, bool labels)
    {
        int previousRight = int.MinValue;
        foreach (double tick in x.Ticks())
        {
            int px = area.X + Px(x, tick, area.Width);
            canvas.Line(px, area.Bottom, px, area.Bottom + TickLength, Palette.Axis);
            if (!labels) continue;
            string label = x.Label(tick, compact: true);
            int width = MatText.Width(label, MatText.Small);
            int left = Math.Clamp(px - width / 2, 0, canvas.Width - width);
            if (left <= previousRight + 6) continue;
            MatText.Draw(canvas, label, left, area.Bottom + TickLength + 4 + MatText.CapHeight(MatText.Small), Palette.Text, MatText.Small);
            previousRight = left + width;
        }
    }

    private static void DrawLine(Mat plot, double[] xs, double[] ys, AxisScale x, AxisScale y, Rgb color, int thickness)
    {
        var segment = new List<Point>();
        for (int i = 0; i <= ys.Length; i++)
        {
            if (i < ys.Length && double.IsFinite(ys[i]) && double.IsFinite(xs[i]))
            {
                segment.Add(new Point(Px(x, xs[i], plot.Width), Py(y, ys[i], plot.Height)));
                continue;
            }
            if (segment.Count == 1)
                plot.FillRectangle(segment[0].X - 3, segment[0].Y - 3, 7, 7, color);
            else if (segment.Count > 1)
                plot.Polyline(segment.ToArray(), color, thickness, antialiased: true);
            segment.Clear();
        }
    }

    private static void DrawMarkers(Mat plot, PlotSeries s, AxisScale x, AxisScale y)
    {
        DrawLine(plot, s.X, s.Y, x, y, Palette.Faint(s.Color, 0.5), 1);
        for (int i = 0; i < s.Y.Length; i++)
            if (double.IsFinite(s.Y[i]))
                Marker(plot, Px(x, s.X[i], plot.Width), Py(y, s.Y[i], plot.Height), s.Color);
    }

    private static void Marker(Mat target, int cx, int cy, Rgb color)
    {
        int half = MarkerSize / 2;
        target.FillRectangle(cx - half - 1, cy - half - 1, MarkerSize + 2, MarkerSize + 2, Palette.Background);
        target.FillRectangle(cx - half, cy - half, MarkerSize, MarkerSize, color);
    }

    private static int Px(AxisScale x, double value, int width) => ToPixel(x.Fraction(value) * (width - 1));

    private static int Py(AxisScale y, double value, int height) => ToPixel((1 - y.Fraction(value)) * (height - 1));

    private static int ToPixel(double position) => (int)Math.Round(Math.Clamp(position, -100_000, 100_000));
}
