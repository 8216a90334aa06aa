using Google.Protobuf;
using Pix2Pix.Export;
using Pix2Pix.Onnx.Rewrites;
using Pix2Pix.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace Pix2Pix.Quantization.Tests;

/// <summary>float16 exports load in ONNX Runtime (CPU) and stay close to float32.</summary>
[Collection(TinyUnetCollection.Name)]
public sealed class Float16Tests(TinyUnet unet, ITestOutputHelper log)
{
    private const double Tolerance = 2e-2;
    private const int Half = (int)TensorProto.Types.DataType.Float16;
    private const int Float = (int)TensorProto.Types.DataType.Float;

    [Theory]
    [InlineData(ConvTransposeForm.ConvTranspose)]
    [InlineData(ConvTransposeForm.SubPixelPhases)]
    public void Float16ExportWithFloat32IoMatchesFloat32(ConvTransposeForm form)
    {
        var fp16 = OnnxExporter.Export(unet.Net, TinyUnet.Options, new ExportOptions { Precision = ExportPrecision.Float16, ConvTransposeAs = form });
        Assert.All(fp16.Graph.Initializer.Where(t => t.Dims.Count > 0 && t.DataType != (int)TensorProto.Types.DataType.Int64),
                   t => Assert.Equal(Half, t.DataType));
        Assert.Equal(Float, fp16.Graph.Input.Single().Type.TensorType.ElemType);
        Assert.Equal(Float, fp16.Graph.Output.Single().Type.TensorType.ElemType);
        Assert.Equal("Cast", fp16.Graph.Node.First().OpType);
        Assert.Equal("Cast", fp16.Graph.Node.Last().OpType);
        Assert.Contains(fp16.MetadataProps, p => p.Key == GeneratorMetadata.PrecisionKey);

        var reference = Ort.Run(unet.Float32, unet.EvalInput, TinyUnet.EvalShape);
        var actual = Ort.Run(fp16, unet.EvalInput, TinyUnet.EvalShape);
        var diff = Compare.MaxAbsDiff(actual, reference);
        log.WriteLine($"fp16 ({form}) vs fp32: max |diff| = {diff:E2}, PSNR {Compare.Psnr(actual, reference):F1} dB");
        Assert.True(diff <= Tolerance, $"float16 differs from float32 by {diff:E2}");
        Assert.True(fp16.CalculateSize() < unet.Float32.CalculateSize() * 0.6, "float16 weights should halve the model");
    }

    [Fact]
    public void Float16IoTakesAndReturnsHalves()
    {
        var fp16 = OnnxExporter.Export(unet.Net, TinyUnet.Options, new ExportOptions { Precision = ExportPrecision.Float16, Float16Io = true });
        Assert.Equal(Half, fp16.Graph.Input.Single().Type.TensorType.ElemType);
        Assert.Equal(Half, fp16.Graph.Output.Single().Type.TensorType.ElemType);
        Assert.DoesNotContain(fp16.Graph.Node, n => n.OpType == "Cast");

        using var session = Ort.Open(fp16);
        Assert.Equal(TensorElementType.Float16, session.InputMetadata[OnnxExporter.InputName].ElementDataType);
        var halves = Array.ConvertAll(unet.EvalInput, v => (Float16)v);
        using var x = OrtValue.CreateTensorValueFromMemory(halves, TinyUnet.EvalShape);
        using var runOptions = new RunOptions();
        using var y = session.Run(runOptions, [OnnxExporter.InputName], [x], [OnnxExporter.OutputName]);
        var actual = Array.ConvertAll(y[0].GetTensorDataAsSpan<Float16>().ToArray(), h => (float)h);
        var diff = Compare.MaxAbsDiff(actual, Ort.Run(unet.Float32, unet.EvalInput, TinyUnet.EvalShape));
        log.WriteLine($"fp16 I/O vs fp32: max |diff| = {diff:E2}");
        Assert.True(diff <= Tolerance, $"float16 differs from float32 by {diff:E2}");
    }

    [Fact]
    public void Float16ModelsPassTheOnnxChecker()
    {
        using var dir = new TempDir();
        var paths = new[] { false, true }.Select(io =>
        {
            var path = dir.File($"fp16-io-{io}.onnx");
            File.WriteAllBytes(path, OnnxExporter.Export(unet.Net, TinyUnet.Options, new ExportOptions { Precision = ExportPrecision.Float16, Float16Io = io }).ToByteArray());
            return path;
        }).ToList();
        log.WriteLine(OnnxChecker.Check(paths));
    }

    [Fact]
    public void HalfConversionSaturatesInsteadOfOverflowing()
    {
        Assert.Equal(65504f, (float)OnnxTensors.ToHalf(1e6f));
        Assert.Equal(-65504f, (float)OnnxTensors.ToHalf(-1e6f));
        Assert.Equal(0.0999755859375f, (float)OnnxTensors.ToHalf(0.1f));
    }
}
