using System.Diagnostics;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

public sealed class ConvertTests
{
    private static byte[] Image(int w, int h, string ext, int seed = 1)
    {
        using Mat m = Fixtures.Image(w, h, seed: seed);
        return ImageCodec.Encode(m, ext);
    }

    /// <summary>An input tree with nested folders, mixed-case extensions, a non-image, and two unreadable images.</summary>
    private static TempDir Tree()
    {
        var dir = new TempDir();
        dir.Write("in/a.png", Image(20, 12, ".png", 1));
        dir.Write("in/sub/b.JPG", Image(17, 9, ".jpg", 2));
        dir.Write("in/sub/deeper/c.Png", Image(8, 8, ".png", 3));
        dir.Write("in/sub/d.bmp", Image(12, 30, ".bmp", 4));
        dir.Write("in/e.jpeg", Image(5, 5, ".jpg", 5));
        dir.Write("in/notes.txt", "not an image"u8.ToArray());
        dir.Write("in/broken/zero.png", []);
        dir.Write("in/broken/corrupt.jpg", "definitely not a jpeg"u8.ToArray());
        return dir;
    }

    private static async Task<ConvertSummary> Run(ConvertOptions options)
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        return await ConversionPlan.Create(options).RunAsync(translator, new PipelineOptions { DecodeWorkers = 2, EncodeWorkers = 2 });
    }

    private static ConvertOptions Options(TempDir dir) => new() { InputDirectory = dir["in"], OutputDirectory = dir["out"] };

    [Fact]
    public async Task Converts_a_tree_keeping_relative_paths_and_lists_unreadable_files()
    {
        using var dir = Tree();
        var summary = await Run(Options(dir));

        Assert.Equal(5, summary.Converted);
        Assert.Equal(0, summary.SkippedExisting);
        Assert.Equal([dir["in/broken/corrupt.jpg"], dir["in/broken/zero.png"]], summary.Failed.Select(f => f.InputPath));
        Assert.Contains("empty", summary.Failed[1].Error);
        string[] outputs = Directory.GetFiles(dir["out"], "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dir["out"], p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["a.png", "e.png", "sub/b.png", "sub/d.png", "sub/deeper/c.png"], outputs);
        using Mat b = ImageCodec.Read(dir["out/sub/b.png"]);
        Assert.Equal((17, 9), (b.Width, b.Height));
    }

    [Fact]
    public async Task Rerun_resumes_and_overwrite_converts_again()
    {
        using var dir = Tree();
        await Run(Options(dir));
        DateTime stamp = File.GetLastWriteTimeUtc(dir["out/a.png"]);
        File.Delete(dir["out/sub/d.png"]);

        var resumed = await Run(Options(dir));
        Assert.Equal((1, 4, 2), (resumed.Converted, resumed.SkippedExisting, resumed.Failed.Count));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(dir["out/a.png"]));

        var again = await Run(Options(dir) with { Overwrite = true });
        Assert.Equal((5, 0), (again.Converted, again.SkippedExisting));
    }

    /// <summary>
    /// What a SIGKILL between write and rename leaves (a hidden temporary beside a missing output) is removed by the rerun
    /// that writes that output; temporaries of outputs this run does not write (another shard's, in flight) are left alone.
    /// </summary>
    [Fact]
    public async Task Rerun_removes_the_partial_files_of_its_own_outputs_only()
    {
        using var dir = Tree();
        await Run(Options(dir));
        File.Delete(dir["out/sub/d.png"]);
        string killed = dir.Write("out/sub/.d.png.0123456789abcdef0123456789abcdef.tmp", [1, 2, 3]);
        string otherShard = dir.Write("out/.a.png.fedcba9876543210fedcba9876543210.tmp", [4]);
        string notOurs = dir.Write("out/sub/.d.png.backup.tmp", [5]);

        var resumed = await Run(Options(dir));
        Assert.Equal((1, 1), (resumed.Converted, resumed.LeftoversRemoved));
        Assert.False(File.Exists(killed));
        Assert.True(File.Exists(otherShard)); // a.png exists and is skipped: not this run's to write
        Assert.True(File.Exists(notOurs));
        using Mat d = ImageCodec.Read(dir["out/sub/d.png"]);
        Assert.Equal((12, 30), (d.Width, d.Height));
    }

    [Fact]
    public void Shards_partition_the_files_exactly_once()
    {
        using var dir = new TempDir();
        for (int i = 0; i < 23; i++) dir.Write($"in/{i % 4}/img{i:D2}.png", [1]);
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(dir["out/1"]).FullName, "img01.png"), [1]);

        var all = ConversionPlan.Create(Options(dir)).Pending.Concat(ConversionPlan.Create(Options(dir)).Existing).Select(i => i.InputPath).Order().ToArray();
        Assert.Equal(23, all.Length);
        for (int n = 1; n <= 5; n++)
        {
            var parts = Enumerable.Range(0, n).Select(i => ConversionPlan.Create(Options(dir) with { Shard = new Shard(i, n) })).ToList();
            var taken = parts.SelectMany(p => p.Pending.Concat(p.Existing)).Select(i => i.InputPath).ToList();
            Assert.Equal(all, taken.Order().ToArray());
            Assert.Equal(taken.Count, taken.Distinct().Count());
            Assert.All(parts, p => Assert.InRange(p.Pending.Count + p.Existing.Count, 23 / n, (23 + n - 1) / n));
        }
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/8", 3, 8)]
    [InlineData(" 2 / 4 ", 2, 4)]
    public void Shard_parses(string text, int index, int count) => Assert.Equal(new Shard(index, count), Shard.Parse(text));

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void Bad_shards_are_rejected(string text) => Assert.Throws<FormatException>(() => Shard.Parse(text));

    [Fact]
    public void Output_folder_equal_to_inside_or_around_the_input_is_refused()
    {
        using var dir = Tree();
        Assert.Contains("is the input folder", Assert.Throws<InvalidOperationException>(() =>
            ConversionPlan.Create(Options(dir) with { OutputDirectory = dir["in/"] })).Message);
        Assert.Contains("inside the input folder", Assert.Throws<InvalidOperationException>(() =>
            ConversionPlan.Create(Options(dir) with { OutputDirectory = dir["in/sub/../results"] })).Message);
        Assert.Contains("inside the output folder", Assert.Throws<InvalidOperationException>(() =>
            ConversionPlan.Create(Options(dir) with { OutputDirectory = dir.Path })).Message);
        Directory.CreateSymbolicLink(dir["link"], dir["in"]);
        Assert.Throws<InvalidOperationException>(() => ConversionPlan.Create(Options(dir) with { OutputDirectory = dir["link/out"] }));
        Assert.Throws<DirectoryNotFoundException>(() => ConversionPlan.Create(Options(dir) with { InputDirectory = dir["nope"] }));
        Assert.False(Directory.Exists(dir["in/results"]));
    }

    [Fact]
    public void Formats_and_clashing_output_names()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "x.png", "x.jpg", "y.BMP", "z.webp", "w.tif" }) dir.Write("in/" + name, [1]);

        var png = ConversionPlan.Create(Options(dir));
        Assert.Equal(["w.png", "x.png", "y.png", "z.png"], png.Pending.Select(p => Path.GetFileName(p.OutputPath)));
        var clash = Assert.Single(png.Conflicts);
        Assert.Equal(dir["in/x.png"], clash.InputPath);
        Assert.Contains("x.jpg", clash.Error);

        var same = ConversionPlan.Create(Options(dir) with { Format = OutputFormat.Same });
        Assert.Equal(["w.tif", "x.jpg", "x.png", "y.BMP", "z.png"], same.Pending.Select(p => Path.GetFileName(p.OutputPath)));
        var jpg = ConversionPlan.Create(Options(dir) with { Format = OutputFormat.Jpg });
        Assert.All(jpg.Pending, p => Assert.EndsWith(".jpg", p.OutputPath));
    }

    [Fact]
    public async Task Progress_is_reported_for_every_image()
    {
        using var dir = Tree();
        var reports = new List<ConvertProgress>();
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        var summary = await ConversionPlan.Create(Options(dir)).RunAsync(translator, progress: new Sync(reports.Add));
        Assert.Equal(Enumerable.Range(1, 7), reports.Select(r => r.Completed));
        Assert.All(reports, r => Assert.Equal(7, r.Total));
        Assert.Equal(2, reports[^1].Failed);
        Assert.True(summary.ImagesPerSecond > 0);
    }

    [Fact]
    public async Task Cli_converts_resumes_and_exits_non_zero_when_images_fail()
    {
        using var dir = Tree();
        var (code, output) = await Fixtures.Cli("convert", "--model", Fixtures.ConvTanh, "--input", dir["in"], "--output", dir["out"], "--threads", "1");
        Assert.True(code == 2, output);
        Assert.Contains("converted 5", output);
        Assert.Contains("corrupt.jpg", output);
        Assert.Contains("zero.png", output);

        File.Delete(dir["in/broken/zero.png"]);
        File.Delete(dir["in/broken/corrupt.jpg"]);
        (code, output) = await Fixtures.Cli("convert", "--model", Fixtures.ConvTanh, "--input", dir["in"], "--output", dir["out"], "--shard", "1/2");
        Assert.True(code == 0, output);
        Assert.Contains("skipped existing 2", output);
    }

    [Fact]
    public async Task Cli_refuses_an_output_inside_the_input_and_a_bad_model()
    {
        using var dir = Tree();
        var (code, output) = await Fixtures.Cli("convert", "--model", Fixtures.ConvTanh, "--input", dir["in"], "--output", dir["in/out"]);
        Assert.True(code == 1, output);
        Assert.Contains("inside the input folder", output);
        Assert.False(Directory.Exists(dir["in/out"]));

        (code, output) = await Fixtures.Cli("convert", "--model", Fixtures.Model("bad_rank.onnx"), "--input", dir["in"], "--output", dir["out"]);
        Assert.True(code == 1, output);
        Assert.Contains("rank 3", output);
    }

    [Fact]
    public async Task Cli_device_cuda_falls_back_with_one_line_or_stops_with_strict_device()
    {
        string? reason = OnnxRuntimeInfo.CudaUnavailableReason;
        if (reason is null) return; // CUDA loads on this machine
        using var dir = Tree();
        File.Delete(dir["in/broken/zero.png"]);
        File.Delete(dir["in/broken/corrupt.jpg"]);
        var (code, output) = await Fixtures.Cli("convert", "--model", Fixtures.ConvTanh, "--input", dir["in"], "--output", dir["out"], "--device", "cuda");
        Assert.True(code == 0, output);
        Assert.Contains($"CUDA device 0 was asked for, but {reason}; using the CPU provider", output);
        Assert.Contains("running on the CPU", output);
        Assert.Contains("converted 5", output);

        (code, output) = await Fixtures.Cli("convert", "--model", Fixtures.ConvTanh, "--input", dir["in"], "--output", dir["out2"], "--device", "cuda:1", "--strict_device");
        Assert.True(code == 1, output);
        Assert.Contains($"CUDA device 1 was asked for without falling back to the CPU, but {reason}", output);
        Assert.False(Directory.Exists(dir["out2"]) && Directory.EnumerateFiles(dir["out2"], "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Cli_info_names_the_onnx_runtime_version_package_and_providers()
    {
        var (code, output) = await Fixtures.Cli("info");
        Assert.True(code == 0, output);
        Assert.Contains($"ONNX Runtime │ {OnnxRuntimeInfo.Version} (Microsoft.ML.OnnxRuntime.Managed 1.32.0)", output);
        Assert.Contains(OnnxRuntimeInfo.Package == "gpu" ? "package │ gpu (Microsoft.ML.OnnxRuntime.Gpu" : "package │ cpu (Microsoft.ML.OnnxRuntime:", output);
        Assert.Contains("CPUExecutionProvider", output);
    }

    private sealed class Sync(Action<ConvertProgress> report) : IProgress<ConvertProgress>
    {
        public void Report(ConvertProgress value) => report(value);
    }
}
