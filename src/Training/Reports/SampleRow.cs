namespace Pix2Pix.Training.Reports;

/// <summary>One row of a <see cref="SampleGrid"/>: input, output and target of one sample, with a caption.</summary>
/// <param name="Caption">Shown above the row, e.g. "epoch 3" or the image's file name.</param>
/// <param name="RealA">The input.</param>
/// <param name="FakeB">The generator's output.</param>
/// <param name="RealB">The target.</param>
public sealed record SampleRow(string Caption, ChwImage RealA, ChwImage FakeB, ChwImage RealB)
{
    internal ChwImage this[int column] => column switch
    {
        0 => RealA,
        1 => FakeB,
        2 => RealB,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };
}
