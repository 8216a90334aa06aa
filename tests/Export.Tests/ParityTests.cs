using Microsoft.ML.OnnxRuntime;
using Pix2Pix.Training;
using TorchSharp;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace Pix2Pix.Export.Tests;

/// <summary>ONNX Runtime on the exported model gives libtorch's eval-mode output.</summary>
public sealed class ParityTests(ITestOutputHelper log)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Variants => Variant.Names();

    [Theory, MemberData(nameof(Variants))]
    public void OrtOutputEqualsLibtorchEvalForward(string name)
    {
        var variant = Variant.All[name];
        using var net = RandomGenerators.Create(variant.G, variant.Seed);
        var model = OnnxExporter.Export(net, variant.G, new ExportOptions { FoldBatchNorm = variant.Fold });
        using var optimized = Ort.Open(model);
        using var literal = Ort.Open(model, GraphOptimizationLevel.ORT_DISABLE_ALL);

        double worst = 0;
        foreach (var (height, width) in variant.Sizes)
        foreach (var batch in Variant.BatchSizes)
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            long[] shape = [batch, variant.G.InputNc, height, width];
            var x = RandomGenerators.Input(batch, variant.G.InputNc, height, width);
            var expected = net.forward(x);
            var expectedValues = expected.ToHostFloats();
            Assert.True(Compare.StandardDeviation(expectedValues) > 0.05, $"{name}: the reference output is nearly constant, the comparison would prove little");
            foreach (var (session, label) in new[] { (optimized, "optimized"), (literal, "unoptimized") })
            {
                var (actual, actualShape) = Ort.RunWithShape(session, x.ToHostFloats(), shape);
                Assert.Equal(expected.shape, actualShape);
                var diff = Compare.MaxAbsDiff(actual, expectedValues);
                log.WriteLine($"{name} {batch}x{variant.G.InputNc}x{height}x{width} ({label} ORT graph): max |ort - torch| = {diff:E2}");
                worst = Math.Max(worst, diff);
            }
        }
        Assert.True(worst <= Tolerance, $"{name}: ONNX Runtime differs from libtorch by {worst:E2} (> {Tolerance:E0})");
    }
}
