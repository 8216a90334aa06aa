using System.Globalization;
using Pix2Pix.Weights;
using ScottPlot;
using SkiaSharp;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// Draws the loss curves of a run against the global iteration, in two panels that share the x axis:
/// the generator's L1 term on top (about a hundred times larger than the rest, with validation L1 as markers on its own
/// right-hand axis) and the adversarial losses below (with WGAN-GP's gradient penalty when the run logged one). Raw values are drawn faintly behind an exponential moving average.
/// </summary>
public static class LossPlot
{
    private const int MinWidth = 320;
    private const int MinHeight = 200;
    private const int HeaderHeight = 26;
    private const int PanelGap = 6;
    private const int XAxisHeight = 40;
    private const int LeftMargin = 66;
    private const int RightMargin = 20;
    private const int RightAxisMargin = 62;
    private const int SmoothFrom = 10;
    private const float FontSize = 12;
    private const float SmallFontSize = 10;
    private const string FontName = "DejaVu Sans";

    private sealed record Series(string Label, Rgb Color, double[] X, double[] Y)
    {
        public double[]? Smoothed { get; } = Y.Length >= SmoothFrom ? Smoothing.Ema(Y) : null;
    }

    /// <summary>What both panels share: the iteration range, the plot area's width and the text size.</summary>
    private sealed record Frame((double Min, double Max) Iterations, int PlotWidth, float FontSize);

    /// <summary>Renders the chart and writes it atomically as a PNG.</summary>
    public static void Render(IReadOnlyList<LossRecord> records, string pngPath, int width = 900, int height = 420)
    {
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        AtomicFile.WriteAllBytes(pngPath, DrawPng(records, width, height));
    }

    /// <summary>Renders the chart as a PNG of <paramref name="width"/> × <paramref name="height"/> opaque RGB pixels.</summary>
    public static byte[] DrawPng(IReadOnlyList<LossRecord> records, int width = 900, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (width < MinWidth) throw new ArgumentOutOfRangeException(nameof(width), width, $"the chart needs at least {MinWidth} pixels of width");
        if (height < MinHeight) throw new ArgumentOutOfRangeException(nameof(height), height, $"the chart needs at least {MinHeight} pixels of height");

        StepRecord[] steps = records.OfType<StepRecord>().OrderBy(r => r.Iter).ToArray();
        ValidationRecord[] validations = records.OfType<ValidationRecord>().OrderBy(r => r.Iter).ToArray();
        double[] iters = steps.Select(r => (double)r.Iter).ToArray();
        Series Losses(string label, Rgb color, Func<StepRecord, double> value) => new(label, color, iters, steps.Select(value).ToArray());
        var valL1 = new Series("val L1", Palette.ValL1,
            validations.Select(v => (double)v.Iter).ToArray(), validations.Select(v => v.ValL1).ToArray());

        bool markers = validations.Length > 0;
        int right = markers ? RightAxisMargin : RightMargin;
        int panelHeight = (height - 2 * HeaderHeight - PanelGap - XAxisHeight) / 2;
        int split = HeaderHeight + panelHeight + PanelGap;
        var frame = new Frame(IterationRange(iters.Concat(valL1.X)), width - LeftMargin - right,
            width >= 480 && height >= 300 ? FontSize : SmallFontSize);

        using var upper = Panel("L1 loss", [Losses("G_L1", Palette.G_L1, r => r.G_L1)], markers ? valL1 : null,
            new PixelPadding(LeftMargin, right, PanelGap, HeaderHeight), frame, xLabels: false);
        List<Series> ganLosses = [Losses("G_GAN", Palette.G_GAN, r => r.G_GAN), Losses("D_real", Palette.D_real, r => r.D_real), Losses("D_fake", Palette.D_fake, r => r.D_fake)];
        if (steps.Any(r => r.D_GP != 0)) ganLosses.Add(Losses("D_GP", Palette.D_GP, r => r.D_GP));
        using var lower = Panel("GAN losses", ganLosses,
            null, new PixelPadding(LeftMargin, right, XAxisHeight, HeaderHeight), frame, xLabels: true);

        using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {width} x {height} surface");
        surface.Canvas.Clear(SKColors.White);
        upper.Render(surface.Canvas, new PixelRect(0, width, split, 0));
        lower.Render(surface.Canvas, new PixelRect(0, width, height, split));
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static Plot Panel(string yLabel, IReadOnlyList<Series> lines, Series? markers, PixelPadding padding,
                              Frame frame, bool xLabels)
    {
        var plot = new Plot();
        try
        {
            Style(plot, padding, frame, xLabels);
            plot.YLabel(yLabel);
            foreach (Series s in lines.Where(s => s.Smoothed is not null))
                AddLine(plot, s.X, s.Y, ToColor(s.Color).WithAlpha(0.3), 1, plot.Axes.Left);
            foreach (Series s in lines)
                AddLine(plot, s.X, s.Smoothed ?? s.Y, ToColor(s.Color), 2, plot.Axes.Left);
            if (markers is not null)
                AddMarkers(plot, markers);

            var legend = lines.Select(s => new LegendItem { LabelText = s.Label, LineColor = ToColor(s.Color), LineWidth = 2 }).ToList();
            if (markers is not null)
                legend.Add(new LegendItem
                {
                    LabelText = markers.Label,
                    MarkerShape = MarkerShape.FilledSquare, MarkerFillColor = ToColor(markers.Color), MarkerLineColor = Colors.White, MarkerSize = 8,
                });
            ShowLegend(plot, legend, frame);

            plot.Axes.SetLimitsX(frame.Iterations.Min, frame.Iterations.Max);
            (double yMin, double yMax) = ValueRange(lines.SelectMany(s => s.Y.Concat(s.Smoothed ?? [])), clampAtZero: true);
            plot.Axes.SetLimitsY(yMin, yMax, plot.Axes.Left);
            if (markers is not null)
            {
                (double rMin, double rMax) = ValueRange(markers.Y, clampAtZero: false);
                plot.Axes.SetLimitsY(rMin, rMax, plot.Axes.Right);
            }

            if (!lines.Any(s => s.Y.Any(double.IsFinite)) && markers is null)
            {
                var empty = plot.Add.Annotation("no data yet", Alignment.MiddleCenter);
                empty.LabelFontColor = ToColor(Palette.MutedText);
                empty.LabelFontSize = frame.FontSize + 1;
                empty.LabelBackgroundColor = Colors.Transparent;
                empty.LabelBorderWidth = 0;
                empty.LabelShadowColor = Colors.Transparent;
                empty.OffsetX = 0;
                empty.OffsetY = 0;
            }
            return plot;
        }
        catch
        {
            plot.Dispose();
            throw;
        }
    }

    private static void Style(Plot plot, PixelPadding padding, Frame frame, bool xLabels)
    {
        plot.RenderManager.ClearCanvasBeforeEachRender = false;
        plot.Font.Set(FontName);
        plot.Layout.Fixed(padding);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Color(ToColor(Palette.Text));
        plot.Axes.FrameColor(ToColor(Palette.Axis));
        plot.Grid.MajorLineColor = ToColor(Palette.Grid);
        plot.Grid.MajorLineWidth = 1;

        foreach (IAxis axis in new IAxis[] { plot.Axes.Left, plot.Axes.Right, plot.Axes.Bottom })
        {
            axis.TickLabelStyle.FontSize = frame.FontSize;
            axis.Label.FontSize = frame.FontSize;
            axis.Label.Bold = false;
            axis.MajorTickStyle.Color = ToColor(Palette.Axis);
            axis.MinorTickStyle.Length = 0;
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = TickLabel };
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = frame.Iterations.Max >= 10_000 ? Thousands : TickLabel,
        };
        plot.Axes.Top.Collapse();
        plot.Axes.Bottom.TickLabelStyle.IsVisible = xLabels;
        if (xLabels)
            plot.XLabel("iteration");
    }

    private static void ShowLegend(Plot plot, IEnumerable<LegendItem> items, Frame frame)
    {
        plot.Legend.ManualItems.Clear();
        plot.Legend.ManualItems.AddRange(items);
        plot.Legend.FontName = FontName;
        plot.Legend.FontColor = ToColor(Palette.Text);
        plot.Legend.OutlineWidth = 0;
        plot.Legend.BackgroundColor = Colors.Transparent;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.Padding = new PixelPadding(0, 0, 0, 0);
        plot.Legend.TightHorizontalWrapping = true;
        plot.Legend.InterItemPadding = new PixelPadding(0, 16, 0, 2);
        plot.Legend.Orientation = Orientation.Horizontal;
        for (float size = frame.FontSize; ; size--)
        {
            plot.Legend.FontSize = size;
            using Image oneRow = plot.Legend.GetImage();
            if (oneRow.Width <= frame.PlotWidth || size <= 7) break;
        }
        var panel = plot.ShowLegend(Edge.Top);
        panel.Alignment = Alignment.LowerRight;
        panel.Padding = new PixelPadding(0, 0, 5, 0);
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, Color color, float width, IYAxis axis)
    {
        foreach ((double[] x, double[] y) in FiniteRuns(xs, ys))
        {
            var line = plot.Add.ScatterLine(x, y, color);
            line.LineWidth = width;
            line.Axes.YAxis = axis;
            if (x.Length == 1)
            {
                line.MarkerShape = MarkerShape.FilledSquare;
                line.MarkerSize = 7;
                line.MarkerColor = color;
            }
        }
    }

    private static void AddMarkers(Plot plot, Series s)
    {
        AddLine(plot, s.X, s.Y, ToColor(s.Color).WithAlpha(0.5), 1, plot.Axes.Right);
        foreach ((double[] x, double[] y) in FiniteRuns(s.X, s.Y))
        {
            var points = plot.Add.ScatterPoints(x, y, ToColor(s.Color));
            points.MarkerShape = MarkerShape.FilledSquare;
            points.MarkerSize = 8;
            points.MarkerLineColor = Colors.White;
            points.MarkerLineWidth = 1;
            points.Axes.YAxis = plot.Axes.Right;
        }
        plot.Axes.Right.Label.Text = s.Label;
        plot.Axes.Right.Label.ForeColor = ToColor(s.Color);
        plot.Axes.Right.TickLabelStyle.ForeColor = ToColor(s.Color);
    }

    private static IEnumerable<(double[] X, double[] Y)> FiniteRuns(double[] xs, double[] ys)
    {
        int start = 0;
        for (int i = 0; i <= ys.Length; i++)
        {
            if (i < ys.Length && double.IsFinite(ys[i]) && double.IsFinite(xs[i])) continue;
            if (i > start) yield return (xs[start..i], ys[start..i]);
            start = i + 1;
        }
    }

    private static (double Min, double Max) IterationRange(IEnumerable<double> iters)
    {
        double[] finite = iters.Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        double min = Math.Min(0, finite.Min());
        double max = Math.Max(finite.Max(), min + 1);
        return (min, max + (max - min) * 0.015);
    }

    private static (double Min, double Max) ValueRange(IEnumerable<double> values, bool clampAtZero)
    {
        double[] all = values.ToArray();
        if (Smoothing.Range(all, tail: 0.005) is not (double lo, double hi))
            return (0, 1);
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi)))
        {
            double room = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
            (lo, hi) = (lo - room, hi + room);
        }
        double pad = (hi - lo) * 0.05;
        bool nonNegative = all.Where(double.IsFinite).All(v => v >= 0);
        return (clampAtZero && nonNegative ? Math.Max(0, lo - pad) : lo - pad, hi + pad);
    }

    private static string TickLabel(double value)
    {
        double magnitude = Math.Abs(value);
        if (magnitude < 1e-12) return "0";
        if (magnitude >= 1e6 || magnitude < 1e-3) return value.ToString("0.##e0", CultureInfo.InvariantCulture);
        return value.ToString("0.####", CultureInfo.InvariantCulture);
    }

    private static string Thousands(double iteration) => iteration == 0 ? "0" : TickLabel(iteration / 1000) + "k";

    private static Color ToColor(Rgb rgb) => new(rgb.R, rgb.G, rgb.B);
}
