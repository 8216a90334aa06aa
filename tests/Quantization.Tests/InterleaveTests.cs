using Pix2Pix.Export;
using Pix2Pix.Onnx.Quantization;
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

/// <summary>
/// The Auto form's phase interleave (Concats + a permutation MatMul instead of DepthToSpace, on layers whose width is a
/// multiple of 16): exact in float32 at several sizes, int8 end to end in ONNX Runtime, valid ONNX.
/// </summary>
public sealed class InterleaveTests(ITestOutputHelper log)
{
    // size_multiple 128: decoder inputs at 1/4 and 1/8 of the image have widths that are multiples of 32 and 16.
    private static readonly GeneratorOptions Unet7 = new() { NetG = NetGKind.Unet(7), Ngf = 16, Norm = NormKind.batch, OutputNc = 3 };

    [Fact]
    public void InterleavedLayersMatchTheConvTransposeExportAndLibtorchAtSeveralSizes()
    {
        using var net = RandomGenerators.CreateWithRandomStatistics(Unet7, seed: 21);
        var plain = OnnxExporter.Export(net, Unet7, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose });
        var auto = OnnxExporter.Export(net, Unet7);
        Assert.Equal(2, auto.Graph.Node.Count(n => n.OpType == "MatMul"));
        Assert.Equal(4, auto.Graph.Node.Count(n => n.OpType == "DepthToSpace"));
        Assert.Single(auto.Graph.Node, n => n.OpType == "ConvTranspose");

        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        foreach (long[] shape in new long[][] { [2, 3, 128, 256], [1, 3, 256, 128] })
        {
            var x = RandomGenerators.Input(shape);
            var expected = net.forward(x).ToHostFloats();
            var input = x.ToHostFloats();
            var fromConvTranspose = Ort.Run(plain, input, shape);
            foreach (var level in new[] { GraphOptimizationLevel.ORT_ENABLE_ALL, GraphOptimizationLevel.ORT_DISABLE_ALL })
            {
                using var session = Ort.Open(auto, level);
                var (actual, outShape) = Ort.RunWithShape(session, input, shape);
                Assert.Equal(new[] { shape[0], 3, shape[2], shape[3] }, outShape);
                double vsOnnx = Compare.MaxAbsDiff(actual, fromConvTranspose), vsTorch = Compare.MaxAbsDiff(actual, expected);
                log.WriteLine($"[{string.Join(",", shape)}] {level}: max |auto − ConvTranspose export| = {vsOnnx:E2}, max |auto − libtorch| = {vsTorch:E2}");
                Assert.True(vsOnnx <= 1e-4 && vsTorch <= 1e-4, $"differs by {vsOnnx:E2} / {vsTorch:E2}");
            }
        }
    }

    [Fact]
    public void InterleavedModelsQuantizeToIntegerKernelsAndPassTheChecker()
    {
        using var net = RandomGenerators.CreateWithRandomStatistics(Unet7, seed: 22);
        var fp32 = OnnxExporter.Export(net, Unet7);
        long[] shape = [1, 3, 128, 128];
        using var scope = torch.NewDisposeScope();
        var calibration = Enumerable.Range(0, 4).Select(_ => new CalibrationBatch(RandomGenerators.Input(shape).ToHostFloats(), shape)).ToList();
        var int8 = Quantizer.Quantize(fp32, calibration, new QuantizeOptions { Threads = 1 });

        var matMuls = int8.Graph.Node.Where(n => n.OpType == "MatMul").ToList();
        Assert.Equal(2, matMuls.Count);
        var producers = int8.Graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        foreach (var matMul in matMuls)
        {
            var input = producers[matMul.Input[0]];
            var output = int8.Graph.Node.Single(n => n.OpType == "QuantizeLinear" && n.Input[0] == matMul.Output[0]);
            Assert.Equal("DequantizeLinear", input.OpType);
            Assert.Equal(input.Input.Skip(1), output.Input.Skip(1));   // same scale and zero point: the MatMul only moves values
            Assert.Equal("DequantizeLinear", producers[matMul.Input[1]].OpType);
        }

        using var dir = new TempDir();
        var counts = OptimizedGraph.OpCounts(OptimizedGraph.Save(int8, dir.File("int8.optimized.onnx")));
        log.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        Assert.Equal(2, counts.GetValueOrDefault("QLinearMatMul"));
        Assert.Equal(QdqSummary.Of(int8).Convs, counts.GetValueOrDefault("QLinearConv"));
        foreach (var floatOp in OptimizedGraph.FloatConvolutionOps)
            Assert.False(counts.ContainsKey(floatOp), $"{counts.GetValueOrDefault(floatOp)} {floatOp} node(s) still run in float");

        var x = RandomGenerators.Input(shape).ToHostFloats();
        var psnr = Compare.Psnr(Ort.Run(int8, x, shape), Ort.Run(fp32, x, shape));
        log.WriteLine($"PSNR(int8, fp32) = {psnr:F2} dB");
        Assert.True(psnr >= 30, $"PSNR(int8, fp32) {psnr:F2} dB < 30 dB");

        var paths = new List<string> { dir.File("fp32.onnx"), dir.File("int8.onnx"), dir.File("fp16.onnx") };
        OnnxExporter.Save(fp32, paths[0]);
        OnnxExporter.Save(int8, paths[1]);
        OnnxExporter.Save(ModelRewrites.ToFloat16(fp32), paths[2]);
        var report = OnnxChecker.Check(paths);
        foreach (var path in paths) Assert.Contains("ok " + path, report);
    }
}
