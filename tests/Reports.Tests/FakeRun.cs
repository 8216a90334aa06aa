using Pix2Pix.Training;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

/// <summary>Plausible made-up training data: decreasing noisy losses and smooth random images.</summary>
internal static class FakeRun
{
    public static List<LossRecord> Records(int epochs, int itersPerEpoch, int printFreq, int seed = 1)
    {
        var random = new Random(seed);
        var records = new List<LossRecord>();
        long iter = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            for (int i = 1; i <= itersPerEpoch; i++)
            {
                iter++;
                if (i % printFreq != 0) continue;
                double t = iter / (double)(epochs * itersPerEpoch);
                double noise() => random.NextDouble() - 0.5;
                var losses = new StepLosses(
                    G_GAN: 0.7 + 1.2 * t + 0.6 * noise(),
                    G_L1: 8 + 30 * Math.Exp(-4 * t) + 4 * noise(),
                    D_real: 0.65 - 0.25 * t + 0.3 * noise(),
                    D_fake: 0.62 - 0.22 * t + 0.3 * noise());
                records.Add(StepRecord.From(epoch, iter, i, iter * 0.08, 2e-4, losses));
            }
            records.Add(new ValidationRecord(epoch, iter, 0.35 * Math.Exp(-0.4 * epoch) + 0.1, 14 + 1.5 * epoch));
        }
        return records;
    }

    /// <summary>CHW floats in [-1, 1]: a few soft coloured blobs over a gradient.</summary>
    public static float[] Image(int channels, int height, int width, int seed)
    {
        var random = new Random(seed);
        var blobs = Enumerable.Range(0, 5)
            .Select(_ => (X: random.NextDouble() * width, Y: random.NextDouble() * height, R: 4 + random.NextDouble() * width / 3,
                          Color: Enumerable.Range(0, channels).Select(_ => random.NextDouble() * 2 - 1).ToArray()))
            .ToArray();
        var data = new float[channels * height * width];
        for (int c = 0; c < channels; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    double v = (x + y) / (double)(width + height) - 0.5;
                    foreach (var b in blobs)
                    {
                        double d2 = ((x - b.X) * (x - b.X) + (y - b.Y) * (y - b.Y)) / (b.R * b.R);
                        v += b.Color[c] * Math.Exp(-d2);
                    }
                    data[(c * height + y) * width + x] = (float)Math.Clamp(v, -1, 1);
                }
        return data;
    }

    public static ChwImage Chw(int channels, int height, int width, int seed) => new(Image(channels, height, width, seed), channels, height, width);
}
