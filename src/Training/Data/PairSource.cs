namespace Pix2Pix.Training.Data;

/// <summary>Where one pair comes from: a single A|B image (<see cref="PathB"/> null) or two files of paired folders.</summary>
internal sealed record PairSource(string PathA, string? PathB)
{
    public bool IsAligned => PathB is null;
}
