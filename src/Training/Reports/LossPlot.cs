using Pix2Pix.OpenCv;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// Draws the loss curves of a run against the global iteration, in two panels that share the x axis:
/// the generator's L1 term on top (about a hundred times larger than the rest, with validation L1 as markers on its own
/// right-hand axis) and the adversarial losses below. Raw values are drawn faintly behind an exponential moving average.
/// </summary>
public static class LossPlot
{
    private const int MinWidth = 320;
    private const int MinHeight = 200;
    private const int Top = 4;
    private const int HeaderHeight = 24;
    private const int PanelGap = 12;
    private const int XAxisHeight = 40;
    private const int LeftMargin = 62;
    private const int RightMargin = 20;
    private const int RightAxisMargin = 58;

    /// <summary>Renders the chart and writes it atomically as a PNG.</summary>
    public static void Render(IReadOnlyList<LossRecord> records, string pngPath, int width = 900, int height = 420)
    {
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        using Mat chart = Draw(records, width, height);
        Png.Write(chart, pngPath);
    }

    /// <summary>Renders the chart as an RGB image of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static Mat Draw(IReadOnlyList<LossRecord> records, int width = 900, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (width < MinWidth) throw new ArgumentOutOfRangeException(nameof(width), width, $"the chart needs at least {MinWidth} pixels of width");
        if (height < MinHeight) throw new ArgumentOutOfRangeException(nameof(height), height, $"the chart needs at least {MinHeight} pixels of height");

        StepRecord[] steps = records.OfType<StepRecord>().OrderBy(r => r.Iter).ToArray();
        ValidationRecord[] validations = records.OfType<ValidationRecord>().OrderBy(r => r.Iter).ToArray();
        double[] iters = steps.Select(r => (double)r.Iter).ToArray();
        PlotSeries Series(string label, Rgb color, Func<StepRecord, double> value) => new(label, color, iters, steps.Select(value).ToArray());

        var l1 = new PlotPanel("Generator L1 (lambda * |fake_B - real_B|)",
            [Series("G_L1", Palette.G_L1, r => r.G_L1)],
            new PlotSeries("val L1 (right axis)", Palette.ValL1,
                validations.Select(v => (double)v.Iter).ToArray(), validations.Select(v => v.ValL1).ToArray()));
        var gan = new PlotPanel("Adversarial losses",
            [Series("G_GAN", Palette.G_GAN, r => r.G_GAN), Series("D_real", Palette.D_real, r => r.D_real), Series("D_fake", Palette.D_fake, r => r.D_fake)]);

        AxisScale x = IterationScale(iters.Concat(validations.Select(v => (double)v.Iter)), width);
        int panelHeight = (height - Top - 2 * HeaderHeight - PanelGap - XAxisHeight) / 2;
        int plotWidth = width - LeftMargin - (l1.HasMarkers ? RightAxisMargin : RightMargin);
        var upper = new Box(LeftMargin, Top + HeaderHeight, plotWidth, panelHeight);
        var lower = new Box(LeftMargin, upper.Bottom + PanelGap + HeaderHeight, plotWidth, panelHeight);

        Mat canvas = Mat.Zeros(height, width);
        try
        {
            canvas.FillRectangle(0, 0, width, height, Palette.Background);
            l1.Draw(canvas, upper, x, xLabels: false);
            gan.Draw(canvas, lower, x, xLabels: true);
            MatText.Draw(canvas, "iteration", lower.X + lower.Width / 2, height - 6, Palette.MutedText, MatText.Small, Align.Center);
            return canvas;
        }
        catch
        {
            canvas.Dispose();
            throw;
        }
    }

    private static AxisScale IterationScale(IEnumerable<double> iters, int width)
    {
        double max = iters.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        double min = Math.Min(0, iters.Where(double.IsFinite).DefaultIfEmpty(0).Min());
        max = Math.Max(max, min + 1);
        double endRoom = (max - min) * 0.015;
        return AxisScale.Create(min, max + endRoom, Math.Max(2, width / 110), expand: false, minStep: 1);
    }
}
