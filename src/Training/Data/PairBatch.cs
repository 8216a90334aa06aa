using Pix2Pix.Training.Options;

namespace Pix2Pix.Training.Data;

/// <summary>A batch of pairs as contiguous NCHW floats in [-1, 1], ready to copy into tensors.</summary>
/// <param name="A">N × input_nc × Height × Width generator inputs.</param>
/// <param name="B">N × output_nc × Height × Width targets.</param>
/// <param name="InputNc">Channels of A: 1 (gray) or 3 (RGB).</param>
/// <param name="OutputNc">Channels of B.</param>
/// <param name="Height">Image height, the same for every pair of the batch.</param>
/// <param name="Width">Image width.</param>
/// <param name="N">Pairs in this batch; the last batch of an epoch may be smaller than batch_size.</param>
/// <param name="Paths">The source file of each pair, as <see cref="PairSample.Path"/>.</param>
/// <param name="Indices">The dataset index of each pair.</param>
public sealed record PairBatch(float[] A, float[] B, int N, int InputNc, int OutputNc, int Height, int Width, string[] Paths, int[] Indices)
{
    /// <summary>Stacks samples of one size.</summary>
    /// <exception cref="InvalidOperationException">The samples differ in size.</exception>
    internal static PairBatch Collate(IReadOnlyList<PairSample> samples, Preprocess preprocess)
    {
        if (samples.Count == 0)
            throw new ArgumentException("a batch needs at least one sample", nameof(samples));
        PairSample first = samples[0];
        foreach (PairSample s in samples)
            if (s.Height != first.Height || s.Width != first.Width)
                throw new InvalidOperationException(
                    $"cannot batch images of different sizes: '{first.Path}' becomes {first.Width}x{first.Height} but '{s.Path}' {s.Width}x{s.Height} " +
                    $"with preprocess {preprocess}; use --batch_size 1, or a preprocess that crops (resize_and_crop, crop, scale_width_and_crop)");

        int aLength = first.A.Length, bLength = first.B.Length;
        var a = new float[checked(aLength * samples.Count)];
        var b = new float[checked(bLength * samples.Count)];
        for (int i = 0; i < samples.Count; i++)
        {
            samples[i].A.CopyTo(a, i * aLength);
            samples[i].B.CopyTo(b, i * bLength);
        }
        return new PairBatch(a, b, samples.Count, first.InputNc, first.OutputNc, first.Height, first.Width,
            samples.Select(s => s.Path).ToArray(), samples.Select(s => s.Index).ToArray());
    }
}
