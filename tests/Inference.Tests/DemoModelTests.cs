using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

/// <summary>
/// onnx/demo_unet64.onnx, the generator of one <c>pix2pix demo</c> run, on a label map of that run's held-out test split
/// (tests/fixtures/inference/demo_label.png) against the scene it was rendered with (demo_photo.png).
/// </summary>
public sealed class DemoModelTests
{
    private static string DemoModel => Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", "demo_unet64.onnx");

    [Fact]
    public void Describes_itself_as_a_label_to_scene_unet_64()
    {
        using var translator = new Translator(DemoModel, Fixtures.Light);
        var m = translator.Model;
        Assert.Equal((3, 3, 64, "AtoB"), (m.InputChannels, m.OutputChannels, m.SizeMultiple, m.Direction));
    }

    [Fact]
    public void Translates_a_held_out_label_map_close_to_its_scene()
    {
        using var translator = new Translator(DemoModel, Fixtures.Light);
        using Mat label = ImageCodec.Read(Fixtures.Model("demo_label.png"));
        using Mat expected = ImageCodec.Read(Fixtures.Model("demo_photo.png"));
        using Mat output = translator.Translate(label);

        Assert.Equal((64, 64, 3), (output.Width, output.Height, output.Channels()));
        double psnr = Psnr(output, expected);
        Assert.True(psnr >= 20, $"PSNR {psnr:F2} dB; the demo model reached 22.84 dB on this pair when it was committed");
    }

    /// <summary>Peak signal-to-noise ratio of two 8-bit images of one size, in dB.</summary>
    private static double Psnr(Mat a, Mat b)
    {
        Assert.Equal((a.Width, a.Height, a.Channels()), (b.Width, b.Height, b.Channels()));
        byte[] x = Pixels.ToBytes(a), y = Pixels.ToBytes(b);
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += (x[i] - y[i]) * (x[i] - y[i]);
        double mse = sum / x.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
