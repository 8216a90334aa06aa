using Pix2Pix.Onnx;
using Google.Protobuf;
using Pix2Pix.Export;
using Pix2Pix.Onnx.Quantization;
using TorchSharp;
using Pix2Pix.Training.Networks;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>Which model a benchmark runs.</summary>
public enum ModelKind { Fp32, Int8 }

/// <summary>
/// unet_256 generators (ngf 64, batch norm, seeded official N(0, 0.02) init) exported by our exporter, and their int8
/// QDQ versions calibrated on a few noise images: speed does not depend on what the weights learned. Files are built
/// once per build of the exporter and cached under the temporary folder, since BenchmarkDotNet runs every case in a new process.
/// </summary>
public static class BenchmarkModels
{
    public const int Side = 256;
    private const int CalibrationImages = 2;

    private static readonly GeneratorOptions Generator = new() { NetG = NetGKind.Unet256 };
    // Keyed by the build of the exporter (its module version id changes with every build), so models never outlive the code that wrote them.
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "pix2pix-latency-models",
        typeof(OnnxExporter).Assembly.ManifestModule.ModuleVersionId.ToString("N"));

    /// <summary>Path of the model, built on first use.</summary>
    public static string PathOf(ModelKind kind, ConvTransposeForm form)
    {
        var path = Path.Combine(Folder, $"unet_256.{form}.{kind}.onnx".ToLowerInvariant());
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(Folder);
        var fp32 = Float32();
        var model = kind == ModelKind.Fp32
            ? OnnxExporter.Export(fp32.Net, Generator, new ExportOptions { ConvTransposeAs = form })
            : Quantizer.Quantize(fp32.Model, NoiseBatches(), new QuantizeOptions { ConvTransposeAs = form });
        OnnxExporter.Save(model, path);
        return path;
    }

    /// <summary>Uniform noise in [−1, 1), NCHW, seeded.</summary>
    public static float[] Input(int batch, int seed = 0)
    {
        var random = new Random(seed);
        var values = new float[batch * 3 * Side * Side];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextSingle() * 2 - 1;
        return values;
    }

    private static (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Net, Onnx.ModelProto Model) _float32;

    private static (TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> Net, Onnx.ModelProto Model) Float32()
    {
        if (_float32.Net is null)
        {
            torch.manual_seed(0);
            var net = NetworkFactory.CreateGenerator(Generator);
            net.eval();
            _float32 = (net, OnnxExporter.Export(net, Generator, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose }));
        }
        return _float32;
    }

    private static IEnumerable<CalibrationBatch> NoiseBatches() =>
        Enumerable.Range(0, CalibrationImages).Select(i => new CalibrationBatch(Input(1, seed: 1 + i), [1, 3, Side, Side]));
}
