namespace Pix2Pix.Training.Synthetic;

/// <summary>A small, platform-independent pseudo-random generator (Steele, Lea and Flood's SplitMix64).</summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public static SplitMix64 For(long seed, int index) =>
        new(Mix(Mix((ulong)seed) ^ ((ulong)(uint)index * 0xD1B54A32D192ED03UL)));

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    public double Range(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform in [0, count).</summary>
    public int Below(int count) => (int)(NextDouble() * count);

    public bool Chance(double probability) => NextDouble() < probability;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
