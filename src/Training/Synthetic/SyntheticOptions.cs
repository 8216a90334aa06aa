namespace Pix2Pix.Training.Synthetic;

/// <summary>Settings of the procedural paired dataset.</summary>
/// <param name="Size">Side of the square A and B images in pixels (at least 16).</param>
/// <param name="Count">Total number of pairs when the split is derived (80 % train, 10 % val, 10 % test).</param>
/// <param name="Seed">Seeds every scene; the same seed and index always give the same pair.</param>
public sealed record SyntheticOptions(int Size = 64, int Count = 400, long Seed = 1)
{
    internal void Validate()
    {
        if (Size < 16)
            throw new ArgumentOutOfRangeException(nameof(Size), Size, "image size must be at least 16 pixels");
        if (Count < 0)
            throw new ArgumentOutOfRangeException(nameof(Count), Count, "count must not be negative");
    }
}
