using TorchSharp;
using static TorchSharp.torch;
using Pix2Pix.Training.Networks;

namespace Pix2Pix.Export.Tests;

/// <summary>python-onnx's checker (full check: strict shape and type inference) accepts every export.</summary>
public sealed class CheckerTests
{
    [Fact]
    public void EveryVariantAndOpsetPassesTheOnnxChecker()
    {
        using var dir = new TempDir();
        var paths = new List<string>();
        foreach (var variant in Variant.All.Values)
        {
            using var net = RandomGenerators.Create(variant.G, variant.Seed);
            paths.Add(Save(dir, variant.Name, net, variant.G, new ExportOptions { FoldBatchNorm = variant.Fold }));
        }
        var g = new GeneratorOptions { NetG = NetGKind.Resnet(2), Ngf = 4, Norm = NormKind.batch };
        using (var resnet = RandomGenerators.Create(g, 5))
            for (var opset = ExportOptions.MinOpset; opset <= ExportOptions.MaxOpset; opset++)
                foreach (var fold in new[] { true, false })
                    paths.Add(Save(dir, $"resnet2_opset{opset}_{(fold ? "folded" : "unfolded")}", resnet, g, new ExportOptions { Opset = opset, FoldBatchNorm = fold }));

        var report = OnnxChecker.Check(paths);

        foreach (var path in paths) Assert.Contains("ok " + path, report);
    }

    private static string Save(TempDir dir, string name, nn.Module<Tensor, Tensor> net, GeneratorOptions g, ExportOptions e)
    {
        var path = dir.File(name + ".onnx");
        OnnxExporter.Save(OnnxExporter.Export(net, g, e), path);
        return path;
    }
}
