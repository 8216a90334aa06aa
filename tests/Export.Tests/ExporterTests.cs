using Google.Protobuf;
using Pix2Pix.Onnx;
using Pix2Pix.Training;
using TorchSharp;
using static TorchSharp.torch;
using Pix2Pix.Training.Networks;
using TorchSharp.Modules;

namespace Pix2Pix.Export.Tests;

/// <summary>The graph the exporter writes: ops, layouts, folding, determinism, dynamic shapes, errors and saving.</summary>
public sealed class ExporterTests
{
    private static readonly GeneratorOptions Unet6Batch = new() { NetG = NetGKind.Unet(6), Ngf = 4, Norm = NormKind.batch };
    private static readonly GeneratorOptions Resnet2Batch = new() { NetG = NetGKind.Resnet(2), Ngf = 4, Norm = NormKind.batch };

    [Fact]
    public void FoldedUnetHasNoBatchNormalizationAndNoDropout()
    {
        using var net = RandomGenerators.Create(Unet6Batch, 1);
        var ops = OpTypes(OnnxExporter.Export(net, Unet6Batch, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose }));

        Assert.Equal(new[] { "Concat", "Conv", "ConvTranspose", "LeakyRelu", "Relu", "Tanh" }, ops.Distinct().Order());
        Assert.Equal(6, ops.Count(o => o == "Conv"));
        Assert.Equal(6, ops.Count(o => o == "ConvTranspose"));
        Assert.Equal(5, ops.Count(o => o == "Concat"));
    }

    [Fact]
    public void DefaultExportWritesWideDecoderLayersAsFourPhaseConvolutionsAndKeepsNarrowOnesAsConvTranspose()
    {
        using var net = RandomGenerators.Create(Unet6Batch, 1);
        var ops = OpTypes(OnnxExporter.Export(net, Unet6Batch));

        // Decoder output channels with ngf 4: 32, 32, 16 (phases) and 8, 4, 3 (fewer than 16: ConvTranspose).
        Assert.Equal(new[] { "Concat", "Conv", "ConvTranspose", "DepthToSpace", "LeakyRelu", "Relu", "Tanh" }, ops.Distinct().Order());
        Assert.Equal(6 + 3 * 4, ops.Count(o => o == "Conv"));
        Assert.Equal(3, ops.Count(o => o == "ConvTranspose"));
        Assert.Equal(3, ops.Count(o => o == "DepthToSpace"));
        Assert.Equal(5 + 3, ops.Count(o => o == "Concat"));
    }

    [Fact]
    public void UnfoldedUnetKeepsOneBatchNormalizationPerNormLayer()
    {
        using var net = RandomGenerators.Create(Unet6Batch, 1);
        var model = OnnxExporter.Export(net, Unet6Batch, new ExportOptions { FoldBatchNorm = false, ConvTransposeAs = ConvTransposeForm.ConvTranspose });

        var norms = model.Graph.Node.Where(n => n.OpType == "BatchNormalization").ToList();
        Assert.Equal(net.modules().OfType<BatchNorm2d>().Count(), norms.Count);
        Assert.All(norms, n => Assert.Equal(1e-5f, n.Attribute.Single(a => a.Name == "epsilon").F));
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Dropout");
    }

    [Fact]
    public void ResnetUsesReflectPadWithPadsInputAndResidualAdds()
    {
        using var net = RandomGenerators.Create(Resnet2Batch, 2);
        var model = OnnxExporter.Export(net, Resnet2Batch);

        var pads = model.Graph.Node.Where(n => n.OpType == "Pad").ToList();
        Assert.Equal(2 + 2 * 2, pads.Count);
        Assert.All(pads, n => Assert.Equal("reflect", n.Attribute.Single(a => a.Name == "mode").S.ToStringUtf8()));
        var padsTensor = model.Graph.Initializer.Single(t => t.Name == "pads_3");
        Assert.Equal((int)TensorProto.Types.DataType.Int64, padsTensor.DataType);
        Assert.Equal(new long[] { 0, 0, 3, 3, 0, 0, 3, 3 }, Int64s(padsTensor));
        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "Add"));
        Assert.Equal(new[] { "Add", "Conv", "ConvTranspose", "Pad", "Relu", "Tanh" }, OpTypes(model).Distinct().Order());
    }

    [Fact]
    public void ConvTransposeWeightsKeepPyTorchLayoutAndUnfoldedWeightsAreTheStoredOnes()
    {
        using var net = RandomGenerators.Create(Unet6Batch, 3);
        var model = OnnxExporter.Export(net, Unet6Batch, new ExportOptions { FoldBatchNorm = false, ConvTransposeAs = ConvTransposeForm.ConvTranspose });
        var stored = StateDict.Export(net).ToDictionary(t => t.Name);

        var upconv = model.Graph.Node.Last(n => n.OpType == "ConvTranspose");
        var weight = model.Graph.Initializer.Single(t => t.Name == upconv.Input[1]);
        Assert.Equal(stored[weight.Name].Shape, weight.Dims);
        Assert.Equal(Unet6Batch.Ngf * 2, weight.Dims[0]);
        Assert.Equal(Unet6Batch.OutputNc, weight.Dims[1]);
        foreach (var tensor in model.Graph.Initializer.Where(t => stored.ContainsKey(t.Name)))
            Assert.Equal(stored[tensor.Name].ToFloat32(), Floats(tensor));
    }

    [Fact]
    public void FoldingMatchesTheFormulaInFloat64()
    {
        using var net = RandomGenerators.Create(Resnet2Batch, 4);
        var model = OnnxExporter.Export(net, Resnet2Batch);
        var stored = StateDict.Export(net).ToDictionary(t => t.Name, t => t.ToFloat32());

        // model.1 is the 7×7 stem conv (no bias with batch norm), model.2 its BatchNorm2d.
        var w = stored["model.1.weight"];
        var (gamma, beta, mean, variance) = (stored["model.2.weight"], stored["model.2.bias"], stored["model.2.running_mean"], stored["model.2.running_var"]);
        var foldedW = Floats(model.Graph.Initializer.Single(t => t.Name == "model.1.weight"));
        var foldedB = Floats(model.Graph.Initializer.Single(t => t.Name == "model.1.bias"));
        var perChannel = w.Length / gamma.Length;
        for (var c = 0; c < gamma.Length; c++)
        {
            var s = gamma[c] / Math.Sqrt((double)variance[c] + 1e-5);
            Assert.Equal((float)((0 - mean[c]) * s + beta[c]), foldedB[c]);
            for (var i = c * perChannel; i < (c + 1) * perChannel; i++) Assert.Equal((float)(w[i] * s), foldedW[i]);
        }
        Assert.DoesNotContain(model.Graph.Node, n => n.Name == "model.2");
    }

    [Fact]
    public void SameWeightsGiveTheSameBytes()
    {
        using var net = RandomGenerators.Create(Unet6Batch, 5);
        using var copy = new UnetGenerator(Unet6Batch);
        StateDict.Load(copy, StateDict.Export(net));
        copy.train();

        var first = OnnxExporter.Export(net, Unet6Batch).ToByteArray();
        var second = OnnxExporter.Export(net, Unet6Batch).ToByteArray();
        var fromCopy = OnnxExporter.Export(copy, Unet6Batch).ToByteArray();

        Assert.Equal(first, second);
        Assert.Equal(first, fromCopy);
    }

    [Fact]
    public void OneModelRunsAtTwoSizesAndTwoBatchSizes()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 4, Norm = NormKind.instance };
        using var net = RandomGenerators.Create(g, 6);
        using var session = Ort.Open(OnnxExporter.Export(net, g));

        foreach (var (batch, height, width) in new[] { (1, 32, 32), (2, 32, 32), (1, 96, 64), (2, 96, 64) })
        {
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            var x = RandomGenerators.Input(batch, 3, height, width);
            var (y, shape) = Ort.RunWithShape(session, x.ToHostFloats(), [batch, 3, height, width]);
            Assert.Equal(new long[] { batch, 3, height, width }, shape);
            Assert.True(Compare.MaxAbsDiff(y, net.forward(x).ToHostFloats()) <= 1e-4);
        }
    }

    [Fact]
    public void EverySupportedOpsetGivesTheSameOutput()
    {
        using var net = RandomGenerators.Create(Resnet2Batch, 7);
        var x = new float[2 * 3 * 16 * 20];
        for (var i = 0; i < x.Length; i++) x[i] = MathF.Sin(i * 0.37f);
        float[]? reference = null;
        for (var opset = ExportOptions.MinOpset; opset <= ExportOptions.MaxOpset; opset++)
        {
            var model = OnnxExporter.Export(net, Resnet2Batch, new ExportOptions { Opset = opset, FoldBatchNorm = opset % 2 == 0 });
            Assert.Equal(opset, model.OpsetImport.Single().Version);
            Assert.Equal(OnnxExporter.IrVersionFor(opset), model.IrVersion);
            using var session = Ort.Open(model);
            var (y, _) = Ort.RunWithShape(session, x, [2, 3, 16, 20]);
            reference ??= y;
            Assert.True(Compare.MaxAbsDiff(y, reference) <= 1e-5, $"opset {opset} differs");
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(18)]
    public void UnsupportedOpsetIsRefused(int opset)
    {
        using var net = NetworkFactory.CreateGenerator(Resnet2Batch);
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(net, Resnet2Batch, new ExportOptions { Opset = opset }));
        Assert.Contains($"opset {opset} is not supported", e.Message);
    }

    [Fact]
    public void OptionsThatDoNotDescribeTheNetworkAreRefused()
    {
        using var net = NetworkFactory.CreateGenerator(Resnet2Batch);
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(net, Resnet2Batch with { Ngf = 8 }));
        Assert.Contains("ngf 4", e.Message);
        Assert.Contains("ngf 8", e.Message);
    }

    [Fact]
    public void NonGeneratorsAreRefused()
    {
        using var d = NetworkFactory.CreateDiscriminator(new DiscriminatorOptions { Ndf = 4 });
        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.Export(d, Resnet2Batch));
        Assert.Contains("NLayerDiscriminator", e.Message);
    }

    [Fact]
    public void SaveReplacesTheFileAtomicallyAndLeavesNoTemporaryFiles()
    {
        using var dir = new TempDir();
        var path = dir.File("g.onnx");
        File.WriteAllText(path, "old");
        using var net = NetworkFactory.CreateGenerator(Resnet2Batch);
        var model = OnnxExporter.Export(net, Resnet2Batch);

        OnnxExporter.Save(model, path);

        Assert.Equal(model.ToByteArray(), File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
        Assert.Equal(model, ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)));
    }

    private static List<string> OpTypes(ModelProto model) => model.Graph.Node.Select(n => n.OpType).ToList();

    private static float[] Floats(TensorProto t)
    {
        var bytes = t.RawData.Span;
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BitConverter.ToSingle(bytes.Slice(i * 4, 4));
        return values;
    }

    private static long[] Int64s(TensorProto t)
    {
        var bytes = t.RawData.Span;
        var values = new long[bytes.Length / 8];
        for (var i = 0; i < values.Length; i++) values[i] = BitConverter.ToInt64(bytes.Slice(i * 8, 8));
        return values;
    }
}
