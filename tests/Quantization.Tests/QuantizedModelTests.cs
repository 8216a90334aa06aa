using Pix2Pix.Onnx.Rewrites;
using Google.Protobuf;
using Pix2Pix.Export;
using Pix2Pix.Onnx.Quantization;
using Pix2Pix.Onnx;
using Xunit.Abstractions;

namespace Pix2Pix.Quantization.Tests;

/// <summary>int8 QDQ models of a trained U-Net: accuracy against float32, what ONNX Runtime makes of them, validity.</summary>
[Collection(TinyUnetCollection.Name)]
public sealed class QuantizedModelTests(TinyUnet unet, ITestOutputHelper log)
{
    private const double PsnrFloor = 40;   // measured 48–54 dB on this model

    public static TheoryData<CalibrationMethod, ConvTransposeForm> Variants => new()
    {
        { CalibrationMethod.Percentile, ConvTransposeForm.SubPixelPhases },
        { CalibrationMethod.MinMax, ConvTransposeForm.SubPixelPhases },
        { CalibrationMethod.Percentile, ConvTransposeForm.SubPixel },
        { CalibrationMethod.Percentile, ConvTransposeForm.Auto },
    };

    [Theory, MemberData(nameof(Variants))]
    public void Int8OutputStaysCloseToFloat32(CalibrationMethod method, ConvTransposeForm form)
    {
        var int8 = Quantizer.Quantize(unet.Float32, unet.Calibration, new QuantizeOptions { Method = method, ConvTransposeAs = form, Threads = 1 });
        var reference = Ort.Run(unet.Float32, unet.EvalInput, TinyUnet.EvalShape);
        var actual = Ort.Run(int8, unet.EvalInput, TinyUnet.EvalShape);
        var psnr = Compare.Psnr(actual, reference);
        log.WriteLine($"{method} {form}: PSNR(int8, fp32) = {psnr:F2} dB, max |diff| = {Compare.MaxAbsDiff(actual, reference):F3}, " +
                      $"fp32 output std {Compare.StandardDeviation(reference):F3}, last training L1 {unet.FinalL1:F3}");
        Assert.True(Compare.StandardDeviation(reference) > 0.2, "the float32 output is nearly flat; PSNR against it would prove little");
        Assert.True(psnr >= PsnrFloor, $"{method} {form}: PSNR(int8, fp32) {psnr:F2} dB < {PsnrFloor} dB");
    }

    [Fact]
    public void EveryConvolutionRunsAsQLinearConvInOnnxRuntime()
    {
        using var dir = new TempDir();
        foreach (var form in new[] { ConvTransposeForm.SubPixelPhases, ConvTransposeForm.SubPixel, ConvTransposeForm.Auto })
        {
            var int8 = Quantizer.Quantize(unet.Float32, unet.Calibration.Take(2), new QuantizeOptions { ConvTransposeAs = form, Threads = 1 });
            var summary = QdqSummary.Of(int8);
            Assert.Equal(summary.Convs, summary.QdqConvs);
            Assert.Equal(0, summary.ConvTransposes);

            var optimized = OptimizedGraph.Save(int8, dir.File($"{form}.optimized.onnx"));
            var counts = OptimizedGraph.OpCounts(optimized);
            log.WriteLine($"{form}: {summary}; optimized graph: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
            Assert.Equal(summary.Convs, counts.GetValueOrDefault("QLinearConv"));
            foreach (var floatOp in OptimizedGraph.FloatConvolutionOps)
                Assert.False(counts.ContainsKey(floatOp), $"{form}: {counts.GetValueOrDefault(floatOp)} {floatOp} node(s) still run in float");
        }
    }

    [Fact]
    public void DecoderRelusBecomeTheClampOfAZeroPointZeroQuantizeLinear()
    {
        var int8 = Quantizer.Quantize(unet.Float32, unet.Calibration.Take(2), new QuantizeOptions { Threads = 1 });
        // The exporter sinks the skip Relus (SkipRelus); the quantizer raises them back onto the Concats first.
        var raised = unet.Float32.Clone();
        Assert.Equal(5, SkipRelus.Raise(raised.Graph));
        var relus = raised.Graph.Node.Where(n => n.OpType == "Relu").ToList();
        Assert.Equal(6, relus.Count);
        Assert.DoesNotContain(int8.Graph.Node, n => n.OpType == "Relu");
        foreach (var relu in relus)
        {
            var q = int8.Graph.Node.Single(n => n.OpType == "QuantizeLinear" && n.Input[0] == relu.Input[0]);
            Assert.Equal(0, int8.Graph.Initializer.Single(t => t.Name == q.Input[2]).RawData[0]);
            var dq = int8.Graph.Node.Single(n => n.OpType == "DequantizeLinear" && n.Input[0] == q.Output[0]);
            var readers = int8.Graph.Node.Where(n => n.Input.Contains(dq.Output[0])).ToList();
            Assert.NotEmpty(readers);
            Assert.All(readers, r => Assert.Equal("Conv", r.OpType));
        }
    }

    [Fact]
    public void FolderCalibrationTakesTheInputHalfOfAlignedPairs()
    {
        using var dir = new TempDir();
        Pix2Pix.Training.Synthetic.SyntheticPairs.WriteAligned(dir.Path, new Pix2Pix.Training.Synthetic.SyntheticOptions(Size: TinyUnet.Side, Seed: 3), 6, 0, 0);
        var files = CalibrationImages.Find(dir.Path, maxImages: 4);
        Assert.Equal(4, files.Count);
        Assert.Equal(["0000.png", "0001.png", "0003.png", "0004.png"], files.Select(Path.GetFileName));

        var batches = CalibrationImages.ForModel(unet.Float32, dir.Path, new QuantizeOptions { AlignedPairs = true, MaxImages = 1, ImageSize = TinyUnet.Side }).ToList();
        var expectedA = TinyUnet.Batch([0], new Pix2Pix.Training.Synthetic.SyntheticOptions(Size: TinyUnet.Side, Seed: 3), takeB: false);
        Assert.Equal([1L, 3, TinyUnet.Side, TinyUnet.Side], batches.Single().Shape);
        Assert.Equal(expectedA, batches.Single().Values);

        var int8 = Quantizer.Quantize(unet.Float32, dir.Path, new QuantizeOptions { AlignedPairs = true, MaxImages = 4, ImageSize = TinyUnet.Side, Threads = 1 });
        Assert.Contains("over 4 calibration samples", int8.MetadataProps.Single(p => p.Key == GeneratorMetadata.QuantizationKey).Value);
        var psnr = Compare.Psnr(Ort.Run(int8, unet.EvalInput, TinyUnet.EvalShape), Ort.Run(unet.Float32, unet.EvalInput, TinyUnet.EvalShape));
        log.WriteLine($"calibrated on 4 PNG files: PSNR {psnr:F2} dB");
        Assert.True(psnr >= PsnrFloor);
    }

    [Fact]
    public void ConvTransposeModeLeavesTheDecoderInFloat()
    {
        var int8 = Quantizer.Quantize(unet.Float32, unet.Calibration.Take(2), new QuantizeOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose, Threads = 1 });
        var summary = QdqSummary.Of(int8);
        Assert.Equal(6, summary.Convs);
        Assert.Equal(6, summary.QdqConvs);
        Assert.Equal(6, summary.ConvTransposes);
        var psnr = Compare.Psnr(Ort.Run(int8, unet.EvalInput, TinyUnet.EvalShape), Ort.Run(unet.Float32, unet.EvalInput, TinyUnet.EvalShape));
        log.WriteLine($"ConvTranspose kept: {summary}, PSNR {psnr:F2} dB");
        Assert.True(psnr >= PsnrFloor);
    }

    [Fact]
    public void QuantizedModelsPassTheOnnxChecker()
    {
        using var dir = new TempDir();
        var paths = new List<string>();
        foreach (var form in Enum.GetValues<ConvTransposeForm>())
        {
            var int8 = Quantizer.Quantize(unet.Float32, unet.Calibration.Take(2), new QuantizeOptions { ConvTransposeAs = form, Threads = 1 });
            var path = dir.File($"{form}.int8.onnx");
            File.WriteAllBytes(path, int8.ToByteArray());
            paths.Add(path);
        }
        log.WriteLine(OnnxChecker.Check(paths));
    }

    [Fact]
    public void MetadataIsKeptAndTheQuantizationRecorded()
    {
        var int8 = Quantizer.Quantize(unet.Float32, unet.Calibration.Take(3), new QuantizeOptions { Method = CalibrationMethod.MinMax, Threads = 1 });
        foreach (var entry in unet.Float32.MetadataProps)
            Assert.Contains(int8.MetadataProps, p => p.Key == entry.Key && p.Value == entry.Value);
        var description = int8.MetadataProps.Single(p => p.Key == GeneratorMetadata.QuantizationKey).Value;
        Assert.Contains("min-max", description);
        Assert.Contains("3 calibration samples", description);
        Assert.Equal(13, int8.OpsetImport.Single().Version);
    }
}
