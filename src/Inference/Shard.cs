using System.Globalization;

namespace Pix2Pix.Inference;

/// <summary>
/// One of <see cref="Count"/> disjoint parts of a sorted file list: the files whose position ≡ <see cref="Index"/> (mod <see cref="Count"/>).
/// Shards 0 … Count-1 together cover every file exactly once, whatever is already converted.
/// </summary>
public readonly record struct Shard
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Count is below 1, or index is not in 0 … count-1.</exception>
    public Shard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "the shard count must be at least 1");
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"the shard index must be 0 to {count - 1}");
        Index = index;
        Count = count;
    }

    /// <summary>The whole list.</summary>
    public static Shard All { get; } = new(0, 1);

    /// <summary>Which part this is, 0-based.</summary>
    public int Index { get; }

    /// <summary>How many parts the list is split into.</summary>
    public int Count { get; }

    /// <summary>Whether the file at <paramref name="position"/> of the sorted list belongs to this shard.</summary>
    public bool Contains(int position) => position % Count == Index;

    /// <summary>Parses "i/n", e.g. "3/8".</summary>
    /// <exception cref="FormatException">The text is not two integers i/n with 0 ≤ i &lt; n.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index < count)
            return new Shard(index, count);
        throw new FormatException($"'{text}' is not a shard: use i/n with 0 <= i < n, e.g. --shard 0/4");
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Index}/{Count}";
}
