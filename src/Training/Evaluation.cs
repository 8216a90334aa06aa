using Pix2Pix.Imaging;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Reports;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>Mean scores of a generator over a split.</summary>
public sealed record EvaluationSummary(int Images, double L1, double Psnr, double Ssim, string? ResultsPage);

/// <summary>
/// Runs a generator over a split (the official test.py) and scores fake_B against real_B. Eval mode by
/// default; <c>trainMode</c> keeps dropout and batch statistics at test time, as the paper does.
/// </summary>
public static class Evaluation
{
    public static EvaluationSummary Run(nn.Module<Tensor, Tensor> netG, PairedImageDataset split, Device device, int maxImages = int.MaxValue,
                                        bool trainMode = false, ResultsPage? page = null)
    {
        double l1 = 0, psnr = 0, ssim = 0;
        var n = 0;
        foreach (var (s, fake) in Translate(netG, split, device, Math.Min(split.Count, maxImages), trainMode))
        {
            var scores = ImageMetrics.All(fake, s.B, s.OutputNc, s.Height, s.Width);
            (l1, psnr, ssim, n) = (l1 + scores.L1, psnr + scores.Psnr, ssim + scores.Ssim, n + 1);
            page?.Add(Path.GetFileNameWithoutExtension(s.Path), new ChwImage(s.A, s.InputNc, s.Height, s.Width),
                      new ChwImage(fake, s.OutputNc, s.Height, s.Width), new ChwImage(s.B, s.OutputNc, s.Height, s.Width), scores);
        }
        page?.Write();
        return n == 0 ? new EvaluationSummary(0, double.NaN, double.NaN, double.NaN, page?.IndexPath)
                      : new EvaluationSummary(n, l1 / n, psnr / n, ssim / n, page?.IndexPath);
    }

    /// <summary>The first <paramref name="count"/> pairs of the split with G's translation of each (CHW, [-1, 1]).</summary>
    public static IEnumerable<(PairSample Sample, float[] FakeB)> Translate(nn.Module<Tensor, Tensor> netG, PairedImageDataset split, Device device, int count, bool trainMode = false, int epoch = 0)
    {
        var wasTraining = netG.training;
        netG.train(trainMode);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var s = split.Load(i, epoch, seed: 0, train: false);
                float[] fake;
                using (var scope = NewDisposeScope())
                using (no_grad())
                    fake = netG.forward(tensor(s.A, [1, s.InputNc, s.Height, s.Width]).to(device)).ToHostFloats();
                yield return (s, fake);
            }
        }
        finally
        {
            netG.train(wasTraining);
        }
    }
}
