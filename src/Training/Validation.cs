using Pix2Pix.Imaging;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Options;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>Per-epoch evaluation of G (eval mode) on the <c>val</c> split: mean L1 and PSNR, and sample triplets for the report.</summary>
internal sealed class Validation(PairedImageDataset split)
{
    private const int MaxImages = 32, SampleCount = 4;

    public static Validation? TryOpen(TrainOptions o)
    {
        var root = o.Data.Dataroot;
        var exists = Directory.Exists(Path.Combine(root, "val")) || Directory.Exists(Path.Combine(root, "A", "val"));
        return exists ? new Validation(PairedImageDataset.Open(o.Data.ForTest("val"), o.G.NetG.SizeMultiple)) : null;
    }

    public EpochMetrics Evaluate(nn.Module<Tensor, Tensor> netG, Device device)
    {
        double l1 = 0, psnr = 0;
        var samples = new List<EpochSample>();
        var n = Math.Min(split.Count, MaxImages);
        foreach (var (s, fake) in Evaluation.Translate(netG, split, device, n))
        {
            var scores = ImageMetrics.All(fake, s.B, s.OutputNc, s.Height, s.Width);
            (l1, psnr) = (l1 + scores.L1, psnr + scores.Psnr);
            if (samples.Count < SampleCount) samples.Add(EpochSample.From(s, fake));
        }
        return new EpochMetrics(l1 / n, psnr / n, samples);
    }

    /// <summary>Sample triplets from the training split when there is no validation split (no metrics).</summary>
    public static EpochMetrics SamplesFrom(PairedImageDataset train, nn.Module<Tensor, Tensor> netG, Device device, int epoch) =>
        new(null, null, Evaluation.Translate(netG, train, device, Math.Min(train.Count, SampleCount), epoch: epoch)
                            .Select(t => EpochSample.From(t.Sample, t.FakeB)).ToList());
}

/// <summary>Validation scores (when a val split exists) and report samples of one epoch.</summary>
public sealed record EpochMetrics(double? ValL1, double? ValPsnr, IReadOnlyList<EpochSample> Samples);

/// <summary>One (real_A, fake_B, real_B) triplet, CHW in [-1, 1].</summary>
public sealed record EpochSample(float[] RealA, float[] FakeB, float[] RealB, int InputNc, int OutputNc, int Height, int Width)
{
    public static EpochSample From(PairSample s, float[] fake) => new(s.A, fake, s.B, s.InputNc, s.OutputNc, s.Height, s.Width);
}
