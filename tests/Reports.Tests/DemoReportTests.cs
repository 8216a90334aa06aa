using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

/// <summary>
/// Renders a whole made-up run: the training page and a results page. Set REPORT_DEMO_DIR to keep the output
/// and look at it in a browser.
/// </summary>
public sealed class DemoReportTests
{
    [Fact]
    public void A_complete_demo_run_renders()
    {
        using var temp = new TempDir();
        string root = Environment.GetEnvironmentVariable("REPORT_DEMO_DIR") is { Length: > 0 } kept ? kept : temp.Path;
        const string options = """
            {"Name":"facades_demo","CheckpointsDir":"checkpoints","Data":{"Dataroot":"datasets/facades","Phase":"train","Direction":"BtoA",
             "InputNc":3,"OutputNc":3,"LoadSize":286,"CropSize":256,"Preprocess":"resize_and_crop","NoFlip":false,"BatchSize":1,"NumWorkers":2},
             "G":{"Architecture":"unet_256","Ngf":64,"Norm":"batch","Dropout":true},"D":{"Architecture":"basic","Ndf":64,"NLayers":3},
             "GanMode":"vanilla","LambdaL1":100.0,"Lr":0.0002,"Beta1":0.5,"LrPolicy":"linear","NEpochs":100,"NEpochsDecay":100,
             "Device":"cuda","Seed":0,"PrintFreq":100}
            """;

        var records = FakeRun.Records(epochs: 3, itersPerEpoch: 400, printFreq: 10);
        var report = new TrainingReport(root, "facades_demo", options);
        foreach (ValidationRecord val in records.OfType<ValidationRecord>())
        {
            SampleRow[] rows = [.. Enumerable.Range(0, 2).Select(i => new SampleRow($"epoch {val.Epoch} - val/{i + 1}.jpg",
                FakeRun.Chw(3, 128, 128, 100 + i), FakeRun.Chw(3, 128, 128, 10 * val.Epoch + i), FakeRun.Chw(3, 128, 128, 200 + i)))];
            using Mat grid = SampleGrid.Compose(rows);
            report.AddEpoch(val.Epoch, grid, new Dictionary<string, double> { ["val_L1"] = val.ValL1, ["val_PSNR"] = val.ValPsnr, ["val_SSIM"] = 0.4 + 0.05 * val.Epoch });
        }
        report.Write(records);
        LossPlot.Render(records, Path.Combine(root, "loss_only.png"));

        var results = new ResultsPage(ResultsPage.DirectoryFor(Path.Combine(root, "results"), "facades_demo"), "facades_demo test_latest");
        for (int i = 1; i <= 4; i++)
            results.Add($"{i}.jpg", FakeRun.Chw(3, 96, 96, i), FakeRun.Chw(3, 96, 96, 50 + i), FakeRun.Chw(3, 96, 96, 100 + i), (0.2 + 0.01 * i, 18 - i, 0.6 - 0.02 * i));
        results.Write();

        using (Mat chart = ImageCodec.Read(Path.Combine(report.ImagesDir, TrainingReport.LossPlotFile)))
        {
            Assert.Equal((900, 420), (chart.Width, chart.Height));
            Assert.True(Pixels.Count(chart, Palette.G_L1) > 150, "the page's loss chart has no G_L1 curve");
        }

        HtmlLinks.AssertAllExist(report.IndexPath);
        HtmlLinks.AssertAllExist(results.IndexPath);
    }
}
