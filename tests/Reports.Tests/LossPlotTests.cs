using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Reports;
using Pix2Pix.Training;

namespace Pix2Pix.Reports.Tests;

public sealed class LossPlotTests
{
    private static readonly Rgb Ink = new(40, 40, 40);

    public static TheoryData<string, Rgb, bool> Series => new()
    {
        { "G_GAN", Palette.G_GAN, false },
        { "G_L1", Palette.G_L1, true },
        { "D_real", Palette.D_real, false },
        { "D_fake", Palette.D_fake, false },
        { "val_L1", Palette.ValL1, true },
    };

    [Theory]
    [MemberData(nameof(Series))]
    public void Every_series_is_drawn_in_its_colour_in_its_panel(string series, Rgb color, bool upper)
    {
        using var dir = new TempDir();
        LossPlot.Render(FakeRun.Records(epochs: 3, itersPerEpoch: 500, printFreq: 10), dir["loss.png"]);
        LossPlot.Render([], dir["empty.png"]);

        using Mat plot = ImageCodec.Read(dir["loss.png"]);
        using Mat empty = ImageCodec.Read(dir["empty.png"]);
        int drawn = Pixels.Count(plot, color) - Pixels.Count(empty, color);
        Assert.True(drawn > 150, $"{series}: only {drawn} more pixels of its colour than an empty chart");

        int half = plot.Height / 2;
        int own = upper ? Pixels.Count(plot, color, 0, half) : Pixels.Count(plot, color, half, plot.Height);
        int other = upper ? Pixels.Count(plot, color, half, plot.Height) : Pixels.Count(plot, color, 0, half);
        Assert.True(own > 4 * other, $"{series}: {own} pixels in its own panel, {other} in the other");
    }

    [Fact]
    public void The_gradient_penalty_gets_a_line_in_the_lower_panel_only_when_logged()
    {
        var records = FakeRun.Records(epochs: 2, itersPerEpoch: 300, printFreq: 10);
        var penalized = records.Select(r => r is StepRecord s ? s with { D_GP = 0.5 + 0.2 * Math.Sin(s.Iter / 40.0) } : r).ToList();
        using Mat plain = ImageCodec.Decode(LossPlot.DrawPng(records));
        using Mat withPenalty = ImageCodec.Decode(LossPlot.DrawPng(penalized));
        int half = plain.Height / 2;
        Assert.True(Pixels.Count(withPenalty, Palette.D_GP, half, plain.Height) - Pixels.Count(plain, Palette.D_GP, half, plain.Height) > 150);
        Assert.True(Pixels.Count(withPenalty, Palette.D_GP, 0, half) < 20);
    }

    [Theory]
    [InlineData(900, 420)]
    [InlineData(640, 300)]
    [InlineData(320, 200)]
    [InlineData(1400, 700)]
    public void The_png_has_the_requested_size(int width, int height)
    {
        using var dir = new TempDir();
        LossPlot.Render(FakeRun.Records(epochs: 2, itersPerEpoch: 100, printFreq: 10), dir["plot.png"], width, height);

        using Mat plot = ImageCodec.Read(dir["plot.png"]);
        Assert.Equal((width, height, 3), (plot.Width, plot.Height, plot.Channels()));
        Assert.Equal(["plot.png"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Rendering_again_replaces_the_chart()
    {
        using var dir = new TempDir();
        LossPlot.Render([], dir["loss.png"]);
        LossPlot.Render(FakeRun.Records(epochs: 1, itersPerEpoch: 100, printFreq: 10), dir["loss.png"]);

        using Mat plot = ImageCodec.Read(dir["loss.png"]);
        Assert.True(Pixels.Count(plot, Palette.G_L1) > 150);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Labels_are_drawn_with_a_font()
    {
        using Mat plot = ImageCodec.Decode(LossPlot.DrawPng(FakeRun.Records(epochs: 2, itersPerEpoch: 100, printFreq: 10)));
        using Mat empty = ImageCodec.Decode(LossPlot.DrawPng([]));

        Assert.True(Pixels.Count(plot, Ink, 50) > 400, $"{Pixels.Count(plot, Ink, 50)} text pixels: is a font installed (fonts-dejavu-core)?");
        Assert.True(Pixels.Count(empty, Ink, 50) > 300, $"{Pixels.Count(empty, Ink, 50)} text pixels in the empty chart");
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
        using Mat plot = ImageCodec.Decode(LossPlot.DrawPng(records));

        Assert.Equal((900, 420, 3), (plot.Width, plot.Height, plot.Channels()));
        Assert.True(Pixels.Count(plot, Rgb.White, tolerance: 0) > 900 * 420 / 2);
        Assert.True(Pixels.Count(plot, Ink, 50) > 300, "no axis labels");
    }

    [Fact]
    public void A_single_point_is_visible()
    {
        using Mat plot = ImageCodec.Decode(LossPlot.DrawPng([StepRecord.From(1, 1, 1, 0.1, 2e-4, new StepLosses(0.7, 30, 0.6, 0.6))]));
        using Mat empty = ImageCodec.Decode(LossPlot.DrawPng([]));

        Assert.True(Pixels.Count(plot, Palette.G_L1, 0) - Pixels.Count(empty, Palette.G_L1, 0) >= 9);
    }

    [Theory]
    [InlineData(100, 80)]
    [InlineData(319, 420)]
    [InlineData(900, 199)]
    public void Sizes_too_small_for_labels_are_refused(int width, int height)
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentOutOfRangeException>(() => LossPlot.DrawPng([], width, height));
        Assert.Throws<ArgumentOutOfRangeException>(() => LossPlot.Render([], dir["loss.png"], width, height));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }
}
