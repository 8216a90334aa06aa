using Pix2Pix.Export;
using Pix2Pix.Onnx.Quantization;
using Pix2Pix.Onnx;
using TorchSharp;
using static TorchSharp.torch;
using Pix2Pix.Training.Networks;
using TorchSharp.Modules;
using Pix2Pix.Training.Synthetic;
using F = TorchSharp.torch.nn.functional;

namespace Pix2Pix.Quantization.Tests;

/// <summary>
/// A small U-Net (unet_64, ngf 8, batch norm) trained with L1 for a few dozen steps on synthetic label → photo pairs,
/// so its output is a real image, not saturated noise: int8-vs-float32 PSNR on it means something. Built once per run.
/// </summary>
public sealed class TinyUnet : IDisposable
{
    public const int Side = 64;
    public const int TrainSteps = 40;
    private const int TrainBatch = 4;

    public static GeneratorOptions Options { get; } = new() { NetG = NetGKind.Unet(6), Ngf = 8, Norm = NormKind.batch, UseDropout = false };

    public TinyUnet()
    {
        var synthetic = new SyntheticOptions(Size: Side);
        torch.manual_seed(7);
        Net = NetworkFactory.CreateGenerator(Options);
        Net.train();
        using (var adam = torch.optim.Adam(Net.parameters(), lr: 2e-3))
        {
            for (var step = 0; step < TrainSteps; step++)
            {
                using var scope = torch.NewDisposeScope();
                var indices = Enumerable.Range(step * TrainBatch, TrainBatch).Select(i => i % 32).ToArray();
                var a = torch.tensor(Batch(indices, synthetic, takeB: false), [TrainBatch, 3, Side, Side]);
                var b = torch.tensor(Batch(indices, synthetic, takeB: true), [TrainBatch, 3, Side, Side]);
                adam.zero_grad();
                var loss = F.l1_loss(Net.forward(a), b);
                loss.backward();
                adam.step();
                FinalL1 = loss.item<float>();
            }
        }
        Net.eval();
        Float32 = OnnxExporter.Export(Net, Options, new ExportOptions { ConvTransposeAs = ConvTransposeForm.ConvTranspose });
        Calibration = Enumerable.Range(100, 16).Select(i => new CalibrationBatch(Batch([i], synthetic, false), [1, 3, Side, Side])).ToList();
        EvalInput = Batch(Enumerable.Range(200, 8).ToArray(), synthetic, false);
    }

    public nn.Module<Tensor, Tensor> Net { get; }

    /// <summary>L1 loss of the last training step (pixels in [−1, 1]).</summary>
    public double FinalL1 { get; private set; }

    /// <summary>The float32 export with ConvTranspose nodes.</summary>
    public ModelProto Float32 { get; }

    /// <summary>16 label maps not used in training, one per batch.</summary>
    public IReadOnlyList<CalibrationBatch> Calibration { get; }

    /// <summary>8 further label maps, NCHW.</summary>
    public float[] EvalInput { get; }

    public static long[] EvalShape => [8, 3, Side, Side];

    /// <summary>CHW floats in [−1, 1] of the A (labels) or B (photo) images of the given synthetic pairs.</summary>
    public static float[] Batch(int[] indices, SyntheticOptions o, bool takeB)
    {
        var plane = o.Size * o.Size;
        var values = new float[indices.Length * 3 * plane];
        for (var n = 0; n < indices.Length; n++)
        {
            var (a, b) = SyntheticPairs.Render(indices[n], o);
            var hwc = takeB ? b : a;
            for (var p = 0; p < plane; p++)
            for (var c = 0; c < 3; c++)
                values[(n * 3 + c) * plane + p] = hwc[p * 3 + c] / 127.5f - 1;
        }
        return values;
    }

    public void Dispose() => Net.Dispose();
}
