using System.Text.Json;
using OpenCvSharp;
using Pix2Pix.Training.Options;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

public sealed class TrainingReportTests
{
    private const string Options = """{"Name":"facades","Lr":0.0002,"Data":{"Dataroot":"datasets/facades","Direction":"AtoB"},"NoFlip":false}""";

    [Fact]
    public void The_page_shows_options_losses_metrics_and_epochs_newest_first()
    {
        using var dir = new TempDir();
        var report = new TrainingReport(dir.Path, "facades <pix2pix>", Options);
        for (int epoch = 1; epoch <= 3; epoch++)
            report.AddEpoch(epoch, Grid(epoch), epoch == 1 ? null : new Dictionary<string, double> { ["val_L1"] = 0.3 / epoch, ["val_SSIM"] = 0.5 });
        report.Write(FakeRun.Records(epochs: 3, itersPerEpoch: 100, printFreq: 10));

        string html = File.ReadAllText(report.IndexPath);
        Assert.Contains("<h1>facades &lt;pix2pix&gt;</h1>", html);
        Assert.Contains("Data.Dataroot", html);
        Assert.Contains("datasets/facades", html);
        Assert.Contains("src=\"images/loss.png\"", html);
        Assert.Contains("Validation after epoch 3", html);
        Assert.Contains("val_SSIM", html);
        int[] positions = [.. new[] { 3, 2, 1 }.Select(e => html.IndexOf($"src=\"images/epoch00{e}.png\"", StringComparison.Ordinal))];
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.True(positions[0] < positions[1] && positions[1] < positions[2], "epochs are not newest first");
        HtmlLinks.AssertAllExist(report.IndexPath);
    }

    [Fact]
    public void A_report_recreated_after_a_resume_keeps_earlier_epochs_and_their_metrics()
    {
        using var dir = new TempDir();
        var first = new TrainingReport(dir.Path, "run", Options);
        first.AddEpoch(1, Grid(1), new Dictionary<string, double> { ["val_PSNR"] = 17.25 });
        first.AddEpoch(2, Grid(2));
        first.AddEpoch(3, Grid(3));

        var resumed = new TrainingReport(dir.Path, "run", Options);
        resumed.RemoveEpochsAfter(2);
        resumed.AddEpoch(3, Grid(4));
        resumed.Write([]);

        Assert.Equal([1, 2, 3], resumed.Epochs);
        string html = File.ReadAllText(resumed.IndexPath);
        Assert.Contains("val_PSNR 17.25", html);
        Assert.Contains("No losses logged yet", html);
        HtmlLinks.AssertAllExist(resumed.IndexPath);
    }

    [Fact]
    public void Validation_records_fill_in_metrics_of_epochs_without_their_own()
    {
        using var dir = new TempDir();
        var report = new TrainingReport(dir.Path, "run", "not json at all");
        report.AddEpoch(1, Grid(1));
        report.Write([new ValidationRecord(1, 100, 0.125, 19.5)]);

        string html = File.ReadAllText(report.IndexPath);
        Assert.Contains("val_L1 0.1250", html);
        Assert.Contains("<pre>not json at all</pre>", html);
    }

    [Fact]
    public void For_serializes_the_train_options_with_enum_names()
    {
        using var dir = new TempDir();
        var options = new TrainOptions { Name = "maps", CheckpointsDir = dir.Path, Data = new DataOptions { Dataroot = "datasets/maps", Direction = Direction.BtoA } };

        TrainingReport report = TrainingReport.For(options);
        report.Write([]);

        Assert.Equal(Path.Combine(Path.GetFullPath(options.RunDir), "web"), report.WebDir);
        string html = File.ReadAllText(report.IndexPath);
        Assert.Contains("Data.Direction", html);
        Assert.Contains("BtoA", html);
    }

    private static Mat Grid(int seed) =>
        SampleGrid.Compose([new SampleRow($"epoch {seed}", FakeRun.Chw(3, 32, 32, seed), FakeRun.Chw(3, 32, 32, seed + 1), FakeRun.Chw(3, 32, 32, seed + 2))]);
}
