using Pix2Pix.Torch;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Metrics;
using Pix2Pix.Training.Nn;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Training;

/// <summary>Per-epoch evaluation of G (eval mode) on the <c>val</c> split: mean L1 and PSNR, and sample triplets for the report.</summary>
internal sealed class Validation(PairedImageDataset split, TrainOptions o)
{
    private const int MaxImages = 32, SampleCount = 4;

    public static Validation? TryOpen(TrainOptions o)
    {
        var root = o.Data.Dataroot;
        var exists = Directory.Exists(Path.Combine(root, "val")) || Directory.Exists(Path.Combine(root, "A", "val"));
        return exists ? new Validation(PairedImageDataset.Open(TestLike(o.Data, "val"), o.G.NetG.SizeMultiple), o) : null;
    }

    /// <summary>Test-time preprocessing: load size equals crop size, no flip (the official test options).</summary>
    public static DataOptions TestLike(DataOptions d, string phase) =>
        d with { Phase = phase, LoadSize = d.CropSize, NoFlip = true, SerialBatches = true, BatchSize = 1 };

    public (double? L1, double? Psnr, IReadOnlyList<(float[], float[], float[], int, int, int, int)> Samples) Evaluate(Module netG, Device device)
    {
        var n = Math.Min(split.Count, MaxImages);
        double l1 = 0, psnr = 0;
        var samples = new List<(float[], float[], float[], int, int, int, int)>();
        foreach (var (sample, fake) in Translate(split, netG, device, Enumerable.Range(0, n), epoch: 0))
        {
            l1 += ImageMetrics.L1(fake, sample.B);
            psnr += ImageMetrics.Psnr(ImageBytes.FromSigned(fake), ImageBytes.FromSigned(sample.B));
            if (samples.Count < SampleCount) samples.Add((sample.A, fake, sample.B, o.Data.InputNc, o.Data.OutputNc, sample.Height, sample.Width));
        }
        return (l1 / n, psnr / n, samples);
    }

    /// <summary>Sample triplets from the training split when there is no validation split (no metrics).</summary>
    public static (double? L1, double? Psnr, IReadOnlyList<(float[], float[], float[], int, int, int, int)> Samples) SamplesFrom(
        PairedImageDataset train, TrainOptions o, Module netG, Device device, int epoch)
    {
        var samples = Translate(train, netG, device, Enumerable.Range(0, Math.Min(train.Count, SampleCount)), epoch)
            .Select(t => (t.Sample.A, t.Fake, t.Sample.B, o.Data.InputNc, o.Data.OutputNc, t.Sample.Height, t.Sample.Width))
            .ToList();
        return (null, null, samples);
    }

    private static IEnumerable<(PairSample Sample, float[] Fake)> Translate(PairedImageDataset split, Module netG, Device device, IEnumerable<int> indices, int epoch)
    {
        netG.eval();
        try
        {
            foreach (var i in indices)
            {
                var sample = split.Load(i, epoch, seed: 0, train: false);
                using var scope = torch.NewDisposeScope();
                using var _ = torch.no_grad();
                var x = torch.tensor(sample.A, [1, sample.A.Length / (sample.Height * sample.Width), sample.Height, sample.Width]).to(device);
                yield return (sample, netG.forward(x).data_float());
            }
        }
        finally
        {
            netG.train();
        }
    }
}

/// <summary>The report's conversion of [-1, 1] floats to bytes: round((x + 1) · 127.5), clamped.</summary>
internal static class ImageBytes
{
    public static byte[] FromSigned(ReadOnlySpan<float> x)
    {
        var bytes = new byte[x.Length];
        for (var i = 0; i < x.Length; i++) bytes[i] = (byte)Math.Clamp(MathF.Round((x[i] + 1f) * 127.5f), 0f, 255f);
        return bytes;
    }
}
