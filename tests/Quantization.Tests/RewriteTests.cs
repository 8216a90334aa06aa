using Pix2Pix.Export;
using Pix2Pix.Onnx.Rewrites;
using Pix2Pix.Onnx;
using Microsoft.ML.OnnxRuntime;
using Pix2Pix.Training;
using TorchSharp;
using static TorchSharp.torch;
using Pix2Pix.Training.Networks;
using TorchSharp.Modules;
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
        { ConvTransposeForm.Auto, NormKind.batch },
    };

    [Theory, MemberData(nameof(Forms))]
    public void RewrittenUnetMatchesConvTransposeExportAndLibtorch(ConvTransposeForm form, NormKind norm)
    {
        var g = new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 6, Norm = norm, InputNc = 3, OutputNc = 2 };
        using var net = RandomGenerators.CreateWithRandomStatistics(g, seed: 11);
        var plain = OnnxExporter.Export(net, g, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose });
        var rewritten = OnnxExporter.Export(net, g, new ExportOptions { ConvTransposeAs = form });

        Assert.Equal(5, plain.Graph.Node.Count(n => n.OpType == "ConvTranspose"));
        var narrow = form == ConvTransposeForm.Auto ? NarrowLayers(plain) : 0;
        Assert.Equal(narrow, rewritten.Graph.Node.Count(n => n.OpType == "ConvTranspose"));
        Assert.Equal(5 - narrow, rewritten.Graph.Node.Count(n => n.OpType == "DepthToSpace"));
        Assert.Equal(form.ToString(), rewritten.MetadataProps.Single(p => p.Key == GeneratorMetadata.ConvTransposeAsKey).Value);

        long[] shape = [2, 3, 64, 32];
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var x = RandomGenerators.Input(shape);
        var expected = net.forward(x).ToHostFloats();
        Assert.True(Compare.StandardDeviation(expected) > 0.05, "the reference output is nearly constant");
        var input = x.ToHostFloats();
        var fromConvTranspose = Ort.Run(plain, input, shape);
        foreach (var level in new[] { GraphOptimizationLevel.ORT_ENABLE_ALL, GraphOptimizationLevel.ORT_DISABLE_ALL })
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
    public void AutoKeepsNarrowLayersAsConvTransposeInFloatAndGivesThemTheTapFormForInt8()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 16, OutputNc = 3 };
        using var net = RandomGenerators.CreateWithRandomStatistics(g, seed: 7);
        var plain = OnnxExporter.Export(net, g, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose });
        Assert.Equal(1, NarrowLayers(plain));

        var (forFloat, rewritten) = ModelRewrites.ConvTransposeToSubPixel(plain, ConvTransposeForm.Auto);
        Assert.Equal(4, rewritten);
        var outer = forFloat.Graph.Node.Single(n => n.OpType == "ConvTranspose");
        Assert.Equal(g.OutputNc, forFloat.Graph.Initializer.Single(t => t.Name == outer.Input[1]).Dims[1]);
        Assert.Equal(16, forFloat.Graph.Node.Count(n => n.OpType == "Conv" && n.Name.Contains(".phase", StringComparison.Ordinal)));

        var (forInt8, rewrittenForInt8) = ModelRewrites.ConvTransposeToSubPixel(plain, ConvTransposeForm.Auto, forInt8: true);
        Assert.Equal(5, rewrittenForInt8);
        Assert.DoesNotContain(forInt8.Graph.Node, n => n.OpType == "ConvTranspose");
        var taps = forInt8.Graph.Initializer.Single(t => t.Name.EndsWith(".taps", StringComparison.Ordinal));
        var sums = forInt8.Graph.Initializer.Single(t => t.Name.EndsWith(".tap_sums", StringComparison.Ordinal));
        Assert.Equal(new long[] { 16 * g.OutputNc, g.Ngf * 2, 1, 1 }, taps.Dims.ToArray());
        Assert.Equal(new long[] { 4 * g.OutputNc, 16 * g.OutputNc, 3, 3 }, sums.Dims.ToArray());
        Assert.Equal(4 * 4 * g.OutputNc, OnnxTensors.ReadFloats(sums).Count(v => v == 1f));   // four taps per phase and channel

        long[] shape = [2, 3, 64, 96];
        var input = RandomGenerators.Input(shape).ToHostFloats();
        var reference = Ort.Run(plain, input, shape);
        foreach (var model in new[] { forFloat, forInt8 })
        {
            var diff = Compare.MaxAbsDiff(Ort.Run(model, input, shape), reference);
            log.WriteLine($"Auto ({(model == forInt8 ? "for int8" : "float")}): max |rewrite − ConvTranspose export| = {diff:E2}");
            Assert.True(diff <= Tolerance, $"differs by {diff:E2}");
        }
    }

    private static int NarrowLayers(ModelProto model) => model.Graph.Node.Count(n =>
        n.OpType == "ConvTranspose" && model.Graph.Initializer.Single(t => t.Name == n.Input[1]).Dims[1] < ConvTransposeForms.AutoMinPhaseChannels);

    [Fact]
    public void AutoPassesOverNodesWithoutInputs()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Unet(6), Ngf = 16, OutputNc = 3 };
        using var net = RandomGenerators.CreateWithRandomStatistics(g, seed: 9);
        var plain = OnnxExporter.Export(net, g, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose });
        plain.Graph.Node.Insert(0, new NodeProto
        {
            OpType = "Constant", Name = "unused_constant", Output = { "unused_constant" },
            Attribute = { new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = OnnxTensors.Int64("c", [1], [1]) } },
        });
        var (model, rewritten) = ModelRewrites.ConvTransposeToSubPixel(plain, ConvTransposeForm.Auto);
        Assert.Equal(5, rewritten);
        Assert.Single(model.Graph.Node, n => n.OpType == "MatMul");
        Assert.Contains(model.Graph.Node, n => n.OpType == "Constant");
    }

    [Fact]
    public void OtherTransposedConvolutionsAreLeftAlone()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Resnet(1), Ngf = 4, Norm = NormKind.instance };
        using var net = RandomGenerators.CreateWithRandomStatistics(g, seed: 3);
        var (model, rewritten) = ModelRewrites.ConvTransposeToSubPixel(OnnxExporter.Export(net, g), ConvTransposeForm.SubPixelPhases);
        Assert.Equal(0, rewritten);
        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "ConvTranspose"));
        Assert.DoesNotContain(model.MetadataProps, p => p.Key == GeneratorMetadata.ConvTransposeAsKey);
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
