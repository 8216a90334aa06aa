using System.Text.Json;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using Pix2Pix.Weights;
using Xunit.Abstractions;

namespace Pix2Pix.Export.Tests;

/// <summary>
/// Official-code weights (.pth written by PyTorch, tests/fixtures/parity) exported to ONNX give PyTorch's own
/// eval-mode output for the fixture's input.
/// </summary>
public sealed class PyTorchParityTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("unet_batch", true)]
    [InlineData("unet_batch", false)]
    [InlineData("unet_instance", true)]
    [InlineData("resnet_batch", true)]
    [InlineData("resnet_batch", false)]
    [InlineData("resnet_instance", true)]
    public void ExportOfPyTorchWeightsReproducesPyTorchsEvalOutput(string fixture, bool fold)
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "fixtures", "parity");
        var io = SafeTensors.Load(Path.Combine(dir, fixture + "_io.safetensors"));
        var tensors = io.Tensors.ToDictionary(t => t.Name);
        var (g, net) = Checkpoint.LoadGenerator(Path.Combine(dir, fixture + ".pth"), OptionsOf(io.Metadata["model"]));
        using (net)
        {
            using var session = Ort.Open(OnnxExporter.Export(net, g, new ExportOptions { FoldBatchNorm = fold }));
            var (y, shape) = Ort.RunWithShape(session, tensors["input"].ToFloat32(), tensors["input"].Shape);

            Assert.Equal(tensors["output.eval"].Shape, shape);
            var diff = Compare.MaxAbsDiff(y, tensors["output.eval"].ToFloat32());
            log.WriteLine($"{fixture} (fold {fold}) [{string.Join("x", shape)}]: max |ort - pytorch| = {diff:E2}");
            Assert.True(diff <= 1e-4, $"{fixture}: ONNX Runtime differs from PyTorch by {diff:E2}");
        }
    }

    private static GeneratorOptions OptionsOf(string json)
    {
        var o = JsonDocument.Parse(json).RootElement;
        var unet = o.GetProperty("kind").GetString() == "unet";
        return new GeneratorOptions
        {
            NetG = unet ? NetGKind.Unet(o.GetProperty("num_downs").GetInt32()) : NetGKind.Resnet(o.GetProperty("n_blocks").GetInt32()),
            InputNc = o.GetProperty("input_nc").GetInt32(),
            OutputNc = o.GetProperty("output_nc").GetInt32(),
            Ngf = o.GetProperty("ngf").GetInt32(),
            Norm = Enum.Parse<NormKind>(o.GetProperty("norm").GetString()!),
            UseDropout = o.GetProperty("use_dropout").GetBoolean(),
        };
    }

}
