using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet.Tests;

/// <summary><see cref="FolderTranslation"/>: a <see cref="ConversionPlan"/> through TranslateImages writes what <see cref="ConversionPlan.RunAsync"/> writes.</summary>
public sealed class FolderTranslationTests : IDisposable
{
    private readonly TestImages _images = new();

    public void Dispose() => _images.Dispose();

    private string In(string name) => Path.Combine(_images.Folder, "in", name);

    /// <summary>PNG, BMP and JPEG inputs (kept in their format by <see cref="OutputFormat.Same"/>), a WebP one (written as PNG) and a corrupt file.</summary>
    private ConvertOptions Inputs(string output)
    {
        Directory.CreateDirectory(In("sub"));
        string png = _images.Write("in/a.png", 64, 48, 1);
        using (Mat image = ImageCodec.Read(png))
        {
            File.WriteAllBytes(In("sub/b.bmp"), ImageCodec.Encode(image, ".bmp"));
            Cv2.ImEncode(".webp", image, out byte[] webp);
            File.WriteAllBytes(In("c.webp"), webp);
        }
        string jpgSource = _images.Write("d.png", 37, 29, 2);
        using (Mat image = ImageCodec.Read(jpgSource)) File.WriteAllBytes(In("sub/d.jpg"), ImageCodec.Encode(image, ".jpg"));
        File.WriteAllBytes(In("e.png"), "not a png"u8.ToArray());
        return new ConvertOptions { InputDirectory = Path.Combine(_images.Folder, "in"), OutputDirectory = Path.Combine(_images.Folder, output), Format = OutputFormat.Same };
    }

    [Fact]
    public async Task Writes_the_default_routes_bytes_in_every_format_and_reports_the_bad_file()
    {
        ConvertOptions expectedOptions = Inputs("expected");
        using (var translator = new Translator(TestImages.Unet, new TranslatorOptions { IntraOpThreads = 1, BatchSize = 3 }))
        {
            var reference = await ConversionPlan.Create(expectedOptions).RunAsync(translator);
            Assert.Equal(4, reference.Converted);
        }

        var reports = new List<ConvertProgress>();
        using var folder = new FolderTranslation(new ImageTranslationOptions { ModelPath = TestImages.Unet, IntraOpThreads = 1, BatchSize = 3 });
        var plan = ConversionPlan.Create(expectedOptions with { OutputDirectory = Path.Combine(_images.Folder, "actual") });
        var summary = folder.Run(plan, new Sync(reports.Add));

        Assert.Equal((4, 0), (summary.Converted, summary.SkippedExisting));
        var failure = Assert.Single(summary.Failed);
        Assert.Equal(In("e.png"), failure.InputPath);
        Assert.Equal("unrecognised image format, or corrupt or truncated image data", failure.Error);
        Assert.Equal([1, 2, 3, 4, 5], reports.Select(r => r.Completed));
        Assert.Equal(1, reports[^1].Failed);

        string[] names = ["a.png", "c.png", "sub/b.bmp", "sub/d.jpg"];
        foreach (string name in names)
            Assert.True(File.ReadAllBytes(Path.Combine(_images.Folder, "expected", name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_images.Folder, "actual", name))),
                $"{name} differs from the default route's");
        Assert.Equal(names, Directory.GetFiles(Path.Combine(_images.Folder, "actual"), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Path.Combine(_images.Folder, "actual"), p)).Order(StringComparer.Ordinal));

        // Run again: everything that was written is skipped, the bad file fails again.
        var again = folder.Run(ConversionPlan.Create(plan.Options));
        Assert.Equal((0, 4, 1), (again.Converted, again.SkippedExisting, again.Failed.Count));
    }

    [Fact]
    public void A_cancelled_run_stops_between_files()
    {
        ConvertOptions options = Inputs("out");
        using var folder = new FolderTranslation(new ImageTranslationOptions { ModelPath = TestImages.ConvTanh, IntraOpThreads = 1, BatchSize = 1 });
        using var cancel = new CancellationTokenSource();
        var plan = ConversionPlan.Create(options);
        Assert.Throws<OperationCanceledException>(() => folder.Run(plan, new Sync(p => { if (p.Completed == 2) cancel.Cancel(); }), cancellationToken: cancel.Token));
        Assert.Equal(2, Directory.GetFiles(options.OutputDirectory, "*", SearchOption.AllDirectories).Length);
    }

    private sealed class Sync(Action<ConvertProgress> report) : IProgress<ConvertProgress>
    {
        public void Report(ConvertProgress value) => report(value);
    }
}
