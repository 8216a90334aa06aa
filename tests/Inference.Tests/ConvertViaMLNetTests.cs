using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

/// <summary><c>pix2pix convert --via mlnet</c>: the ML.NET route writes what the default route writes, under the same rules.</summary>
public sealed class ConvertViaMLNetTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Image(int w, int h, string ext, int seed)
    {
        using Mat m = Fixtures.Image(w, h, seed: seed);
        return ImageCodec.Encode(m, ext);
    }

    /// <summary>The demo label and images of several sizes (some padded to the model's multiple), formats and folders.</summary>
    private void WriteInputs()
    {
        _dir.Write("in/demo_label.png", File.ReadAllBytes(Fixtures.Model("demo_label.png")));
        _dir.Write("in/a.png", Image(64, 48, ".png", 1));
        _dir.Write("in/sub/b.JPG", Image(37, 29, ".jpg", 2));
        _dir.Write("in/sub/deeper/c.png", Image(21, 50, ".png", 3));
        _dir.Write("in/sub/d.bmp", Image(40, 24, ".bmp", 4));
        _dir.Write("in/e.png", Image(64, 48, ".png", 5));
    }

    private static string[] Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p)).Order(StringComparer.Ordinal).ToArray();

    private Task<(int Code, string Output)> Convert(string output, params string[] extra) =>
        Fixtures.Cli(["convert", "--model", Fixtures.Unet, "--input", _dir["in"], "--output", _dir[output], "--threads", "1", .. extra]);

    [Theory]
    [InlineData("png", 3)]
    [InlineData("png", 1)]
    [InlineData("jpg", 4)]
    public async Task Via_mlnet_writes_the_same_bytes_as_the_default_route(string format, int batch)
    {
        WriteInputs();
        var (code, output) = await Convert("default", "--format", format, "--batch_size", $"{batch}");
        Assert.True(code == 0, output);
        (code, output) = await Convert("mlnet", "--format", format, "--batch_size", $"{batch}", "--via", "mlnet");
        Assert.True(code == 0, output);
        Assert.Contains("via ML.NET (TranslateImages)", output);
        Assert.Contains("converted 6, skipped existing 0, failed 0", output);

        string[] expected = Files(_dir["default"]);
        Assert.Equal(6, expected.Length);
        Assert.All(expected, f => Assert.EndsWith("." + format, f));
        Assert.Equal(expected, Files(_dir["mlnet"]));
        foreach (string file in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(_dir["default"], file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_dir["mlnet"], file))),
                $"{file} differs between the two routes");
        using Mat c = ImageCodec.Read(_dir[$"mlnet/sub/deeper/c.{format}"]);
        Assert.Equal((21, 50), (c.Width, c.Height));
    }

    [Fact]
    public async Task Via_mlnet_reports_bad_files_writes_the_others_exits_2_and_a_rerun_skips()
    {
        WriteInputs();
        _dir.Write("in/broken/zero.png", []);
        _dir.Write("in/broken/corrupt.jpg", "definitely not a jpeg"u8.ToArray());

        var (code, output) = await Convert("out", "--via", "mlnet");
        Assert.True(code == 2, output);
        Assert.Contains("converted 6, skipped existing 0, failed 2", output);
        Assert.Contains($"{_dir["in/broken/corrupt.jpg"]}: unrecognised image format, or corrupt or truncated image data", output);
        Assert.Contains($"{_dir["in/broken/zero.png"]}: file is empty (0 bytes)", output);
        Assert.Equal(["a.png", "demo_label.png", "e.png", "sub/b.png", "sub/d.png", "sub/deeper/c.png"], Files(_dir["out"]));

        // A rerun skips what exists; an output lost to a kill between write and rename is written again, its temporary removed.
        File.Delete(_dir["out/sub/d.png"]);
        string killed = _dir.Write("out/sub/.d.png.0123456789abcdef0123456789abcdef.tmp", [1, 2, 3]);
        DateTime stamp = File.GetLastWriteTimeUtc(_dir["out/a.png"]);
        (code, output) = await Convert("out", "--via", "mlnet");
        Assert.True(code == 2, output);
        Assert.Contains("converted 1, skipped existing 5, failed 2", output);
        Assert.Contains("removed 1 partial file(s)", output);
        Assert.False(File.Exists(killed));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(_dir["out/a.png"]));
        using (Mat d = ImageCodec.Read(_dir["out/sub/d.png"])) Assert.Equal((40, 24), (d.Width, d.Height));

        File.Delete(_dir["in/broken/zero.png"]);
        File.Delete(_dir["in/broken/corrupt.jpg"]);
        (code, output) = await Convert("out", "--via", "mlnet", "--shard", "1/2");
        Assert.True(code == 0, output);
        Assert.Contains("converted 0, skipped existing 3, failed 0", output);
    }

    [Fact]
    public async Task Via_mlnet_refuses_the_options_of_the_streaming_pipeline_and_unknown_routes()
    {
        WriteInputs();
        var (code, output) = await Convert("out", "--via", "mlnet", "--tile", "256", "--concurrent_runs", "2");
        Assert.True(code == 1, output);
        Assert.Contains("--concurrent_runs, --tile cannot be used with --via mlnet", output);
        Assert.False(Directory.Exists(_dir["out"]));

        (code, output) = await Convert("out", "--via", "tensorflow");
        Assert.NotEqual(0, code);
        Assert.Contains("tensorflow", output);
        Assert.False(Directory.Exists(_dir["out"]));
    }
}
