namespace Pix2Pix.Inference.Tests;

/// <summary>
/// The ONNX verbs run on ONNX Runtime alone: with the dynamic loader's trace on (LD_DEBUG=files), <c>pix2pix quantize</c>
/// and <c>pix2pix evaluate</c> load libonnxruntime and never libtorch or TorchSharp's native library.
/// </summary>
public sealed class NoTorchTests : IDisposable
{
    private readonly TempDir _dir = new();
    private static readonly Dictionary<string, string> TraceLoads = new() { ["LD_DEBUG"] = "files" };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Quantize_loads_onnx_runtime_and_no_libtorch()
    {
        _dir.Write("calibration/label.png", File.ReadAllBytes(Fixtures.Model("demo_label.png")));
        var (code, output) = await Fixtures.Cli(TraceLoads, "quantize", "--model", Fixtures.Unet, "--calibration", _dir["calibration"],
                                                "--output", _dir["unet_int8.onnx"], "--size", "32", "--threads", "1");
        Assert.True(code == 0, output);
        AssertOnnxRuntimeWithoutTorch(output);
    }

    [Fact]
    public async Task Evaluate_loads_onnx_runtime_and_no_libtorch()
    {
        var pair = Path.Combine(_dir["data/test"], "0.png");
        Directory.CreateDirectory(Path.GetDirectoryName(pair)!);
        File.Copy(Fixtures.Model("demo_label.png"), pair);
        var (code, output) = await Fixtures.Cli(TraceLoads, "evaluate", "--model", Fixtures.ConvTanh, "--dataroot", _dir["data"],
                                                "--size", "32", "--results_dir", _dir["results"], "--threads", "1");
        Assert.True(code == 0, output);
        AssertOnnxRuntimeWithoutTorch(output);
    }

    private static void AssertOnnxRuntimeWithoutTorch(string trace)
    {
        Assert.Contains("libonnxruntime.so", trace);
        Assert.DoesNotContain("libtorch", trace, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("LibTorchSharp", trace, StringComparison.OrdinalIgnoreCase);
    }
}
