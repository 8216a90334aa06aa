using System.Globalization;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

/// <summary>The built <c>pix2pix evaluate</c> on aligned pairs whose B half is what conv_tanh.onnx computes from A.</summary>
public sealed class EvaluateTests : IDisposable
{
    private const int Side = 32;
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pix2pix-evaluate-{Guid.NewGuid():N}");

    public EvaluateTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "data", "test"));
        for (int n = 0; n < 3; n++) WritePair(Path.Combine(_root, "data", "test", $"{n}.png"), n);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A: a gray ramp (equal channels); B: the reference 3×3 conv + tanh of A, rounded to 8 bits, RGB.</summary>
    private static void WritePair(string path, int seed)
    {
        var gray = new byte[Side * Side];
        for (int i = 0; i < gray.Length; i++) gray[i] = (byte)((i % Side * 7 + i / Side * 13 + seed * 40) % 256);
        var x = new float[3 * Side * Side];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < gray.Length; i++) x[c * gray.Length + i] = gray[i] / 127.5f - 1;
        var y = Fixtures.ReferenceConvTanh(x, Side, Side);
        var pair = new byte[Side * 2 * Side * 3];
        for (int r = 0; r < Side; r++)
            for (int col = 0; col < Side; col++)
                for (int c = 0; c < 3; c++)
                {
                    pair[(r * 2 * Side + col) * 3 + c] = gray[r * Side + col];
                    float v = y[(c * Side + r) * Side + col];
                    pair[(r * 2 * Side + Side + col) * 3 + c] = (byte)Math.Clamp(Math.Round((v + 1) * 127.5), 0, 255);
                }
        using var image = Pixels.FromRgb(pair, Side, 2 * Side);
        ImageCodec.Write(image, path);
    }

    [Fact]
    public async Task Scores_each_model_against_the_truth_and_the_first_model()
    {
        string results = Path.Combine(_root, "results");
        var (code, output) = await Fixtures.Cli("evaluate", "--model", Fixtures.ConvTanh, "--model", Fixtures.Unet, "--model", Fixtures.ConvTanh,
                                                "--dataroot", Path.Combine(_root, "data"), "--size", $"{Side}", "--direction", "AtoB", "--results_dir", results, "--threads", "1");
        Assert.True(code == 0, output);

        var lines = File.ReadAllLines(Path.Combine(results, "comparison.csv"));
        Assert.Equal("image,conv_tanh_L1,conv_tanh_PSNR,conv_tanh_SSIM,unet_L1,unet_PSNR,unet_SSIM,conv_tanh_2_L1,conv_tanh_2_PSNR,conv_tanh_2_SSIM," +
                     "unet_vs_conv_tanh_PSNR,unet_vs_conv_tanh_SSIM,conv_tanh_2_vs_conv_tanh_PSNR,conv_tanh_2_vs_conv_tanh_SSIM", lines[0]);
        Assert.Equal(["0", "1", "2"], lines.Skip(1).Select(l => l.Split(',')[0]).Order());
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            double Cell(int i) => cells[i] == "inf" ? double.PositiveInfinity : double.Parse(cells[i], CultureInfo.InvariantCulture);
            Assert.InRange(Cell(1), 0, 0.005);       // conv_tanh reproduces its own 8-bit-rounded output
            Assert.True(Cell(2) >= 45, line);
            Assert.InRange(Cell(3), 0.99, 1.0);
            Assert.True(Cell(5) < 30, line);         // unet computes something else
            Assert.True(Cell(10) < 30, line);
            Assert.Equal(double.PositiveInfinity, Cell(12));
            Assert.Equal(1.0, Cell(13));
        }
        Assert.Contains("| conv_tanh_2 |", File.ReadAllText(Path.Combine(results, "summary.md")));
        foreach (var label in new[] { "conv_tanh", "unet", "conv_tanh_2" })
            Assert.True(File.Exists(Path.Combine(results, label, "index.html")), label);
    }

    [Fact]
    public async Task Models_with_different_channels_or_a_missing_dataroot_are_refused()
    {
        var (code, output) = await Fixtures.Cli("evaluate", "--model", Fixtures.ConvTanh, "--model", Fixtures.Gray, "--dataroot", Path.Combine(_root, "data"), "--size", $"{Side}");
        Assert.Equal(1, code);
        Assert.Contains("cannot be compared", output);

        (code, output) = await Fixtures.Cli("evaluate", "--model", Fixtures.ConvTanh, "--dataroot", Path.Combine(_root, "nowhere"), "--size", $"{Side}");
        Assert.Equal(1, code);
        Assert.Contains("nowhere", output);
    }

    [Fact]
    public async Task Device_cuda_falls_back_or_stops_as_asked()
    {
        string? reason = OnnxRuntimeInfo.CudaUnavailableReason;
        if (reason is null) return; // CUDA loads on this machine
        string results = Path.Combine(_root, "results");
        var (code, output) = await Fixtures.Cli("evaluate", "--model", Fixtures.ConvTanh, "--dataroot", Path.Combine(_root, "data"), "--size", $"{Side}",
                                                "--direction", "AtoB", "--results_dir", results, "--device", "auto");
        Assert.True(code == 0, output);
        Assert.Contains("using the CPU provider", output);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(results, "comparison.csv")).Length);

        (code, output) = await Fixtures.Cli("evaluate", "--model", Fixtures.ConvTanh, "--dataroot", Path.Combine(_root, "data"), "--size", $"{Side}",
                                            "--device", "cuda", "--strict_device");
        Assert.Equal(1, code);
        Assert.Contains($"CUDA device 0 was asked for without falling back to the CPU, but {reason}", output);
    }

    [Fact]
    public async Task Size_defaults_to_the_crop_size_the_first_model_was_trained_at_else_256()
    {
        var model = Pix2Pix.Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Fixtures.ConvTanh));
        Pix2Pix.Onnx.GeneratorMetadata.Set(model, Pix2Pix.Onnx.GeneratorMetadata.CropSizeKey, "24");
        string trained = Path.Combine(_root, "conv_tanh_24.onnx");
        File.WriteAllBytes(trained, Google.Protobuf.MessageExtensions.ToByteArray(model));

        string results = Path.Combine(_root, "results24");
        var (code, output) = await Fixtures.Cli("evaluate", "--model", trained, "--dataroot", Path.Combine(_root, "data"), "--results_dir", results, "--threads", "1");
        Assert.True(code == 0, output);
        Assert.Contains("(test, AtoB, 24²)", File.ReadAllText(Path.Combine(results, "summary.md")));
        Assert.Contains("the crop_size 'conv_tanh_24.onnx' was trained at", output);

        results = Path.Combine(_root, "results256");
        (code, output) = await Fixtures.Cli("evaluate", "--model", Fixtures.ConvTanh, "--dataroot", Path.Combine(_root, "data"), "--results_dir", results, "--threads", "1", "--num_test", "1");
        Assert.True(code == 0, output);
        Assert.Contains("(test, AtoB, 256²)", File.ReadAllText(Path.Combine(results, "summary.md")));
        Assert.Contains("does not record its training crop_size", output);
    }
}
