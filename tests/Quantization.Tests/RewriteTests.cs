using Pix2Pix.Export;
using Pix2Pix.Export.Rewrites;
using Pix2Pix.Onnx;
using Pix2Pix.OnnxRuntime;
using Pix2Pix.Torch;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Nn;
using Xunit.Abstractions;

namespace Pix2Pix.Quantization.Tests;

/// <summary>The sub-pixel forms of ConvTranspose k4 s2 p1 compute what the ConvTranspose export and libtorch compute.</summary>
public sealed class RewriteTests(ITestOutputHelper log)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<ConvTransposeForm, NormKind> Forms => new()
    {
        { ConvTransposeForm.SubPixel, NormKind.batch },
        { ConvTransposeForm.SubPixelPhases, NormKind.batch },
        { ConvTransposeForm.SubPixelPhases, NormKind.none },
    };

    [Theory, MemberData(nameof(Forms))]
    public void RewrittenUnetMatchesConvTransposeExportAndLibtorch(ConvTransposeForm form, NormKind norm)
    {
        var g = new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 6, Norm = norm, InputNc = 3, OutputNc = 2 };
        using var net = RandomGenerators.CreateWithRandomStatistics(g, seed: 11);
        var plain = OnnxExporter.Export(net, g, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose });
        var rewritten = OnnxExporter.Export(net, g, new ExportOptions { ConvTransposeAs = form });

        Assert.Equal(5, plain.Graph.Node.Count(n => n.OpType == "ConvTranspose"));
        Assert.DoesNotContain(rewritten.Graph.Node, n => n.OpType == "ConvTranspose");
        Assert.Equal(5, rewritten.Graph.Node.Count(n => n.OpType == "DepthToSpace"));
        Assert.Equal(form.ToString(), rewritten.MetadataProps.Single(p => p.Key == ModelRewrites.ConvTransposeAsKey).Value);

        long[] shape = [2, 3, 64, 32];
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var x = RandomGenerators.Input(shape);
        var expected = net.forward(x).data_float();
        Assert.True(Compare.StandardDeviation(expected) > 0.05, "the reference output is nearly constant");
        var input = x.data_float();
        var fromConvTranspose = Ort.Run(plain, input, shape);
        foreach (var level in new[] { GraphOptimizationLevel.All, GraphOptimizationLevel.DisableAll })
        {
            using var session = Ort.Open(rewritten, level);
            var actual = Ort.Run(session, input, shape);
            double vsOnnx = Compare.MaxAbsDiff(actual, fromConvTranspose), vsTorch = Compare.MaxAbsDiff(actual, expected);
            log.WriteLine($"{form} {norm} ({level}): max |rewrite − ConvTranspose export| = {vsOnnx:E2}, max |rewrite − libtorch| = {vsTorch:E2}");
            Assert.True(vsOnnx <= Tolerance, $"{form}: differs from the ConvTranspose export by {vsOnnx:E2}");
            Assert.True(vsTorch <= Tolerance, $"{form}: differs from libtorch by {vsTorch:E2}");
        }
    }

    [Fact]
    public void OtherTransposedConvolutionsAreLeftAlone()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Resnet(1), Ngf = 4, Norm = NormKind.instance };
        using var net = RandomGenerators.CreateWithRandomStatistics(g, seed: 3);
        var (model, rewritten) = ModelRewrites.ConvTransposeToSubPixel(OnnxExporter.Export(net, g), ConvTransposeForm.SubPixelPhases);
        Assert.Equal(0, rewritten);
        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "ConvTranspose"));
        Assert.DoesNotContain(model.MetadataProps, p => p.Key == ModelRewrites.ConvTransposeAsKey);
    }

    [Fact]
    public void RewriteLeavesItsArgumentUnchangedAndDropsTheTransposedWeights()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 4 };
        using var net = RandomGenerators.CreateWithRandomStatistics(g, seed: 5);
        var plain = OnnxExporter.Export(net, g, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose });
        var before = plain.Clone();
        var (model, count) = ModelRewrites.ConvTransposeToSubPixel(plain, ConvTransposeForm.SubPixel);
        Assert.Equal(5, count);
        Assert.Equal(before, plain);
        var used = model.Graph.Node.SelectMany(n => n.Input).ToHashSet();
        Assert.All(model.Graph.Initializer, t => Assert.Contains(t.Name, used));
        var subPixelWeights = model.Graph.Initializer.Where(t => t.Name.EndsWith(".subpixel", StringComparison.Ordinal) && t.Dims.Count == 4).ToList();
        Assert.Equal(5, subPixelWeights.Count);
        Assert.All(subPixelWeights, t => Assert.Equal([3L, 3], t.Dims.Skip(2)));
    }

    [Fact]
    public void TapTableMatchesTheTransposedConvolutionIndexing()
    {
        // ConvTranspose: output row Y = 2·y_in − 1 + k. Output 2m + phase, so k = 2m + phase + 1 − 2·y_in.
        for (var phase = 0; phase < 2; phase++)
        for (var cell = 0; cell < 3; cell++)
        {
            var k = phase + 1 - 2 * (cell - 1);                  // 3×3 window: y_in = m − 1 + cell
            Assert.Equal(k is >= 0 and < 4 ? k : -1, SubPixelRewrite.Tap3(phase, cell));
        }
        for (var phase = 0; phase < 2; phase++)
        for (var cell = 0; cell < 2; cell++)
            Assert.Equal(phase + 1 - 2 * (cell - 1 + phase), SubPixelRewrite.Tap2(phase, cell));   // 2×2 window: y_in = m − 1 + phase + cell
    }
}
