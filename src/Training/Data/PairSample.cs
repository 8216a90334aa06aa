namespace Pix2Pix.Training.Data;

/// <summary>One transformed pair. <see cref="A"/> is the generator input and <see cref="B"/> the target, after the direction swap.</summary>
/// <param name="Index">Position in the dataset's sorted list.</param>
/// <param name="Path">The aligned image, or the A-folder file of a paired layout.</param>
/// <param name="A">input_nc × Height × Width floats in [-1, 1].</param>
/// <param name="B">output_nc × Height × Width floats in [-1, 1].</param>
/// <param name="Height">Height after preprocessing, shared by A and B.</param>
/// <param name="Width">Width after preprocessing.</param>
public sealed record PairSample(int Index, string Path, float[] A, float[] B, int Height, int Width)
{
    public int InputNc => A.Length / (Height * Width);

    public int OutputNc => B.Length / (Height * Width);
}
