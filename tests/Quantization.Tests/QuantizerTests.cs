using Pix2Pix.Export;
using Pix2Pix.Onnx.Quantization;
using Pix2Pix.Onnx;
using Pix2Pix.Training;

namespace Pix2Pix.Quantization.Tests;

/// <summary>Quantization arithmetic on hand-made cases, and the quantizer's refusals.</summary>
public sealed class QuantizerTests
{
    private static readonly float[] Weight = [0.5f, -0.2f, /* channel 1 */ 0.015f, -0.02f, /* channel 2 */ 0f, 0f];
    private static readonly float[] Bias = [0.1f, -0.3f, 0.7f];

    /// <summary>Two channels, every value in [−1, 1] with both ends present.</summary>
    private static CalibrationBatch RampInput()
    {
        var values = Enumerable.Range(0, 2 * 16).Select(i => -1f + 2f * (i % 16) / 15).ToArray();
        return new CalibrationBatch(values, [1, 2, 4, 4]);
    }

    private static ModelProto QuantizeHand(bool reduceRange = false) =>
        Quantizer.Quantize(HandModels.PointwiseConv(Weight, Bias), [RampInput()],
            new QuantizeOptions { Method = CalibrationMethod.MinMax, ReduceWeightRange = reduceRange, Threads = 1 });

    private static TensorProto Initializer(ModelProto m, string suffix) => m.Graph.Initializer.Single(t => t.Name.EndsWith(suffix, StringComparison.Ordinal));

    [Fact]
    public void WeightsGetOneSymmetricScalePerOutputChannel()
    {
        var m = QuantizeHand();
        Assert.Equal([0.5f / 127, 0.02f / 127, 1f], HandModels.Floats(Initializer(m, "conv.weight_scale")));
        Assert.Equal([127, -51, 95, -127, 0, 0], HandModels.Cast<sbyte>(Initializer(m, "conv.weight_quantized")).Select(v => (int)v));
        Assert.All(HandModels.Cast<sbyte>(Initializer(m, "conv.weight_zero_point")), z => Assert.Equal(0, z));
        var weightDq = m.Graph.Node.Single(n => n.Name == "conv.weight_DequantizeLinear");
        Assert.Equal(0, weightDq.Attribute.Single(a => a.Name == "axis").I);
        Assert.Equal(3, HandModels.Cast<sbyte>(Initializer(m, "conv.weight_zero_point")).Length);
    }

    [Fact]
    public void BiasIsInt32AtInputScaleTimesWeightScale()
    {
        var m = QuantizeHand();
        var inputScale = HandModels.Floats(Initializer(m, "input_scale")).Single();
        Assert.Equal(2f / 255, inputScale, 6);
        Assert.Equal(127, Initializer(m, "input_zero_point").RawData[0]);   // 1 / float(2/255) = 127.49999…
        float[] weightScales = [0.5f / 127, 0.02f / 127, 1f];
        var expectedScales = weightScales.Select(s => inputScale * s).ToArray();
        Assert.Equal(expectedScales, HandModels.Floats(Initializer(m, "conv.bias_scale")));
        var expected = Bias.Select((b, c) => (int)Math.Round(b / (double)expectedScales[c], MidpointRounding.ToEven));
        Assert.Equal(expected, HandModels.Cast<int>(Initializer(m, "conv.bias_quantized")));
        Assert.Equal((int)TensorProto.Types.DataType.Int32, Initializer(m, "conv.bias_quantized").DataType);
    }

    [Fact]
    public void ReducedRangeKeepsWeightsWithinSevenBits()
    {
        var m = QuantizeHand(reduceRange: true);
        Assert.Equal([0.5f / 63, 0.02f / 63, 1f], HandModels.Floats(Initializer(m, "conv.weight_scale")));
        Assert.All(HandModels.Cast<sbyte>(Initializer(m, "conv.weight_quantized")), q => Assert.InRange(q, -63, 63));
    }

    [Fact]
    public void HandModelRunsAsQLinearConvAndKeepsTanhFloat()
    {
        var m = QuantizeHand();
        Assert.Equal(new QdqSummary(1, 1, 0, 2), QdqSummary.Of(m));
        Assert.Equal("Tanh", m.Graph.Node.Last().OpType);
        Assert.Equal("DequantizeLinear", m.Graph.Node[^2].OpType);
        using var dir = new TempDir();
        var counts = OptimizedGraph.OpCounts(OptimizedGraph.Save(m, dir.File("hand.optimized.onnx")));
        Assert.Equal(1, counts.GetValueOrDefault("QLinearConv"));
        Assert.False(counts.ContainsKey("Conv"));

        var x = RampInput();
        var reference = Ort.Run(HandModels.PointwiseConv(Weight, Bias), x.Values, x.Shape);
        var actual = Ort.Run(m, x.Values, x.Shape);
        Assert.True(Compare.MaxAbsDiff(actual, reference) < 0.02);
    }

    [Theory]
    [InlineData(-1f, 1f, 2f / 255, 127)]
    [InlineData(-1f, 3f, 4f / 255, 64)]
    [InlineData(0f, 6f, 6f / 255, 0)]
    [InlineData(0.5f, 2f, 2f / 255, 0)]
    [InlineData(-3f, -1f, 3f / 255, 255)]
    [InlineData(0f, 0f, 1f, 0)]
    public void ActivationRangesContainZeroExactly(float low, float high, float scale, int zeroPoint)
    {
        var p = ActivationParams.FromRange(low, high);
        Assert.Equal(scale, p.Scale, 6);
        Assert.Equal(zeroPoint, p.ZeroPoint);
    }

    [Fact]
    public void PercentileClipsRareOutliersThatMinMaxKeeps()
    {
        var statistics = new TensorStatistics(histogram: true);
        var random = new Random(1);
        for (var batch = 0; batch < 4; batch++)
        {
            var values = Enumerable.Range(0, 50_000).Select(_ => random.NextSingle() * (batch + 1)).ToArray();
            values[batch] = 100 * (batch + 1);
            statistics.Add(values);
        }
        Assert.Equal((0f, 400f), (MathF.Round(statistics.Min, 3), statistics.Max));
        Assert.Equal((statistics.Min, 400f), statistics.Range(CalibrationMethod.MinMax, 99.99));
        var (low, high) = statistics.Range(CalibrationMethod.Percentile, 99.9);
        Assert.InRange(low, 0f, 0.3f);
        Assert.InRange(high, 3.7f, 4.5f);
    }

    [Fact]
    public void ResnetGeneratorConvolutionsGetQdqToo()
    {
        var g = new Pix2Pix.Training.Networks.GeneratorOptions { NetG = Pix2Pix.Training.Networks.NetGKind.Resnet(2), Ngf = 4, Norm = Pix2Pix.Training.Networks.NormKind.instance };
        using var net = RandomGenerators.CreateWithRandomStatistics(g, seed: 2);
        var fp32 = OnnxExporter.Export(net, g);
        long[] shape = [1, 3, 32, 32];
        using var scope = TorchSharp.torch.NewDisposeScope();
        var x = RandomGenerators.Input(shape).ToHostFloats();
        var int8 = Quantizer.Quantize(fp32, [new CalibrationBatch(x, shape)], new QuantizeOptions { Threads = 1 });
        var summary = QdqSummary.Of(int8);
        Assert.Equal(summary.Convs, summary.QdqConvs);
        Assert.Equal(2, summary.ConvTransposes);
        var (actual, reference) = (Ort.Run(int8, x, shape), Ort.Run(fp32, x, shape));
        var psnr = Compare.Psnr(actual, reference);
        Assert.True(psnr > 30, $"int8 ResNet: PSNR {psnr:F1} dB, max |diff| {Compare.MaxAbsDiff(actual, reference):F3}, fp32 std {Compare.StandardDeviation(reference):F3}");
    }

    [Fact]
    public void RefusesQuantizedFloat16AndEmptyInputs()
    {
        var hand = HandModels.PointwiseConv(Weight, Bias);
        var int8 = QuantizeHand();
        Assert.Contains("already quantized", Assert.Throws<ArgumentException>(() => Quantizer.Quantize(int8, [RampInput()])).Message);
        Assert.Throws<InvalidDataException>(() => Quantizer.Quantize(hand, Array.Empty<CalibrationBatch>(), new QuantizeOptions { Threads = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantizer.Quantize(hand, [RampInput()], new QuantizeOptions { Percentile = 40 }));
        var fp16 = Pix2Pix.Onnx.Rewrites.ModelRewrites.ToFloat16(hand);
        Assert.Contains("float", Assert.Throws<ArgumentException>(() => Quantizer.Quantize(fp16, [RampInput()])).Message);
        Assert.Throws<ArgumentException>(() => new CalibrationBatch(new float[10], [1, 2, 2, 2]));
        Assert.Throws<ArgumentException>(() => Quantizer.Quantize(hand, [new CalibrationBatch(new float[48], [1, 3, 4, 4])], new QuantizeOptions { Threads = 1 }));
    }
}
