using Pix2Pix.OpenCv;
using Pix2Pix.Training;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

public sealed class LossPlotTests
{
    public static TheoryData<string, Rgb> Series => new()
    {
        { "G_GAN", Palette.G_GAN },
        { "G_L1", Palette.G_L1 },
        { "D_real", Palette.D_real },
        { "D_fake", Palette.D_fake },
        { "val_L1", Palette.ValL1 },
    };

    [Theory]
    [MemberData(nameof(Series))]
    public void Every_series_is_drawn_in_its_colour(string series, Rgb color)
    {
        using var dir = new TempDir();
        LossPlot.Render(FakeRun.Records(epochs: 3, itersPerEpoch: 500, printFreq: 10), dir["loss.png"]);
        LossPlot.Render([], dir["empty.png"]);

        using Mat plot = Mat.Read(dir["loss.png"]);
        using Mat empty = Mat.Read(dir["empty.png"]);
        int drawn = Pixels.Count(plot, color) - Pixels.Count(empty, color);
        Assert.True(drawn > 150, $"{series}: only {drawn} more pixels of its colour than an empty chart");
    }

    [Theory]
    [InlineData(900, 420)]
    [InlineData(640, 300)]
    [InlineData(1400, 700)]
    public void The_png_has_the_requested_size(int width, int height)
    {
        using var dir = new TempDir();
        LossPlot.Render(FakeRun.Records(epochs: 2, itersPerEpoch: 100, printFreq: 10), dir["plot.png"], width, height);

        using Mat plot = Mat.Read(dir["plot.png"]);
        Assert.Equal((width, height, 3), (plot.Width, plot.Height, plot.Channels));
    }

    public static TheoryData<string, LossRecord[]> Degenerate => new()
    {
        { "empty", [] },
        { "one step", [StepRecord.From(1, 1, 1, 0.1, 2e-4, new StepLosses(0.7, 30, 0.6, 0.6))] },
        { "one validation", [new ValidationRecord(1, 100, 0.3, 15)] },
        { "all NaN", [.. Enumerable.Range(1, 20).Select(i => StepRecord.From(1, i, i, i, 2e-4, new StepLosses(double.NaN, double.NaN, double.NaN, double.NaN)))] },
        { "NaN and infinity inside", [.. Enumerable.Range(1, 40).Select(i => StepRecord.From(1, i, i, i, 2e-4,
            new StepLosses(i % 7 == 0 ? double.NaN : 1, i == 20 ? double.PositiveInfinity : 30 - i * 0.5, i % 5 == 0 ? double.NegativeInfinity : 0.5, 0.4)))] },
        { "constant", [.. Enumerable.Range(1, 30).Select(i => StepRecord.From(1, i * 10, i * 10, i, 2e-4, new StepLosses(0, 0, 0, 0)))] },
        { "huge values", [StepRecord.From(1, 1, 1, 1, 2e-4, new StepLosses(1e30, -1e30, 1e-30, 0)), StepRecord.From(1, 2, 2, 2, 2e-4, new StepLosses(0, 1, 2, 3))] },
    };

    [Theory]
    [MemberData(nameof(Degenerate))]
    public void Degenerate_input_still_gives_a_chart(string _, LossRecord[] records)
    {
        using Mat plot = LossPlot.Draw(records);

        Assert.Equal((900, 420), (plot.Width, plot.Height));
        Assert.True(Pixels.Count(plot, Rgb.White, tolerance: 0) > 900 * 420 / 2);
    }

    [Fact]
    public void A_single_point_is_visible()
    {
        using Mat plot = LossPlot.Draw([StepRecord.From(1, 1, 1, 0.1, 2e-4, new StepLosses(0.7, 30, 0.6, 0.6))]);
        using Mat empty = LossPlot.Draw([]);

        Assert.True(Pixels.Count(plot, Palette.G_L1, 0) - Pixels.Count(empty, Palette.G_L1, 0) >= 9);
    }

    [Fact]
    public void Sizes_too_small_for_labels_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LossPlot.Draw([], 100, 80));
}
