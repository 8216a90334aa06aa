using System.Reflection;
using Google.Protobuf;
using Pix2Pix.Onnx.Rewrites;
using Pix2Pix.Onnx;
using Pix2Pix.Training.Networks;
using Module = TorchSharp.torch.nn.Module;
using Pix2Pix.Weights;

namespace Pix2Pix.Export;

/// <summary>
/// Writes our U-Net and ResNet generators as ONNX models that compute exactly the eval-mode forward pass
/// (running batch statistics, no dropout). Same weights and options give the same bytes.
/// </summary>
public static class OnnxExporter
{
    /// <summary>ModelProto.producer_name of every export.</summary>
    public const string ProducerName = "pix2pix-dotnet";

    /// <summary>Name of the graph input, float32 [batch, input_nc, height, width].</summary>
    public const string InputName = "input";

    /// <summary>Name of the graph output, float32 [batch, output_nc, height, width].</summary>
    public const string OutputName = "output";

    /// <summary>ModelProto.producer_version: this assembly's version, without source-revision suffix.</summary>
    public static string ProducerVersion { get; } = ReadProducerVersion();

    /// <summary>Builds the ONNX model of <paramref name="netG"/>, a <see cref="UnetGenerator"/> or <see cref="ResnetGenerator"/> built from <paramref name="g"/>.</summary>
    /// <exception cref="ArgumentException">The network is not a generator, was built from other options, or the opset is unsupported.</exception>
    /// <exception cref="NotSupportedException">The network contains a layer without an ONNX lowering.</exception>
    public static ModelProto Export(Module netG, GeneratorOptions g, ExportOptions? e = null)
    {
        ArgumentNullException.ThrowIfNull(netG);
        ArgumentNullException.ThrowIfNull(g);
        e ??= new ExportOptions();
        CheckOpset(e.Opset);
        CheckGenerator(netG, g);

        var builder = new GraphBuilder();
        var result = new GeneratorLowering(builder, e.FoldBatchNorm).Lower(netG, "", InputName);
        if (result == InputName) throw new ArgumentException("the network has no layers to export", nameof(netG));
        builder.RenameValue(result, OutputName);

        var model = new ModelProto
        {
            IrVersion = IrVersionFor(e.Opset),
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            ModelVersion = 1,
            DocString = ModelDescription.DocString(g, e),
            Graph = builder.Build(g.NetG.Name, OnnxTensors.ImageValue(InputName, g.InputNc, "height", "width"), OnnxTensors.ImageValue(OutputName, g.OutputNc, "height", "width")),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = e.Opset });
        foreach (var (key, value) in ModelDescription.Metadata(g, e))
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        if (e.ConvTransposeAs != ConvTransposeForm.ConvTranspose)
            model = ModelRewrites.ConvTransposeToSubPixel(model, e.ConvTransposeAs).Model;
        SkipRelus.Sink(model.Graph);
        if (e.Precision == ExportPrecision.Float16)
            model = ModelRewrites.ToFloat16(model, e.Float16Io);
        return model;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Save(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.Write(path, model.WriteTo);
    }

    /// <summary>The ONNX IR version that goes with <paramref name="opset"/> (the lowest one that supports it).</summary>
    public static long IrVersionFor(int opset)
    {
        CheckOpset(opset);
        return opset switch { 11 => 6, <= 14 => 7, _ => 8 };
    }

    private static void CheckOpset(int opset)
    {
        if (opset is < ExportOptions.MinOpset or > ExportOptions.MaxOpset)
            throw new ArgumentException($"opset {opset} is not supported: choose {ExportOptions.MinOpset}–{ExportOptions.MaxOpset} (13 is the default)", nameof(opset));
    }

    private static void CheckGenerator(Module netG, GeneratorOptions g)
    {
        var built = netG switch
        {
            UnetGenerator u => u.Options,
            ResnetGenerator r => r.Options,
            _ => throw new ArgumentException($"netG must be a UnetGenerator or ResnetGenerator, not {netG.GetType().Name}", nameof(netG)),
        };
        if (built != g)
            throw new ArgumentException(
                $"netG was built as {Describe(built)} but the export options say {Describe(g)}", nameof(g));
    }

    private static string Describe(GeneratorOptions g) =>
        $"{g.NetG.Name} (input_nc {g.InputNc}, output_nc {g.OutputNc}, ngf {g.Ngf}, norm {g.Norm}, dropout {g.UseDropout})";

    private static string ReadProducerVersion()
    {
        var assembly = typeof(OnnxExporter).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational ?? assembly.GetName().Version?.ToString() ?? "0";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
