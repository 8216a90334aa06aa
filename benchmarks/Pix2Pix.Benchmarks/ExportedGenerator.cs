using Pix2Pix.Onnx;
using Pix2Pix.Export;
using TorchSharp;
using Pix2Pix.Training.Networks;
using TorchSharp;
using Module = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// A unet_256 generator (ngf 64, batch norm) with seeded random weights in eval mode, and its fp32 ONNX export
/// (BatchNorm folded) in a temporary file that is deleted on disposal. Speed does not depend on what the weights learned.
/// </summary>
internal sealed class ExportedGenerator : IDisposable
{
    private ExportedGenerator(Module net, string onnxPath, ConvTransposeForm decoder)
    {
        Net = net;
        OnnxPath = onnxPath;
        Decoder = decoder;
    }

    /// <summary>The libtorch network, in eval mode.</summary>
    public Module Net { get; }

    /// <summary>The exported model file.</summary>
    public string OnnxPath { get; }

    /// <summary>How the decoder's transposed convolutions were written.</summary>
    public ConvTransposeForm Decoder { get; }

    public static ExportedGenerator Create(long seed, ConvTransposeForm? decoder = null, bool subPixelUpsampling = true)
    {
        var options = new GeneratorOptions();
        torch.manual_seed(seed);
        var net = NetworkFactory.CreateGenerator(options, subPixelUpsampling: subPixelUpsampling);
        net.eval();
        var form = decoder ?? new ExportOptions().ConvTransposeAs;
        var path = Path.Combine(Path.GetTempPath(), $"pix2pix-bench-{Environment.ProcessId}-{options.NetG.Name}.onnx");
        OnnxExporter.Save(OnnxExporter.Export(net, options, new ExportOptions { FoldBatchNorm = true, ConvTransposeAs = form }), path);
        return new ExportedGenerator(net, path, form);
    }

    public string Describe() =>
        $"unet_256 (ngf 64, batch norm, random init), {Net.parameters().Sum(p => p.numel()) / 1e6:F1} M parameters; ONNX fp32 with BatchNorm folded, decoder as {Decoder}, {new FileInfo(OnnxPath).Length / 1e6:F0} MB";

    public void Dispose()
    {
        Net.Dispose();
        File.Delete(OnnxPath);
    }
}
