namespace Pix2Pix.Training;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood): a tiny, fast, platform-independent PRNG whose streams are derived by
/// hashing (seed, domain, epoch, index), so every sample's jitter or scene is independent of which thread draws it.
/// </summary>
internal struct SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private ulong _state;

    private SplitMix64(ulong state) => _state = state;

    /// <summary>A stream keyed by <paramref name="seed"/>, a domain tag and any number of coordinates.</summary>
    public static SplitMix64 For(long seed, ulong domain, params ReadOnlySpan<long> keys)
    {
        ulong state = Mix((ulong)seed ^ domain);
        foreach (long key in keys)
            state = Mix(state + Gamma + (ulong)key);
        return new SplitMix64(state);
    }

    /// <summary>The stream of synthetic scene <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static SplitMix64 ForScene(long seed, int index) =>
        new(Mix(Mix((ulong)seed) ^ ((ulong)(uint)index * 0xD1B54A32D192ED03UL)));

    public ulong Next()
    {
        _state += Gamma;
        return Mix(_state);
    }

    /// <summary>Uniform integer in [0, <paramref name="maxInclusive"/>] (Lemire's unbiased multiply-and-reject).</summary>
    public int NextInclusive(int maxInclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxInclusive);
        ulong range = (ulong)maxInclusive + 1;
        UInt128 product = (UInt128)Next() * range;
        if ((ulong)product < range)
        {
            ulong threshold = (0 - range) % range;
            while ((ulong)product < threshold)
                product = (UInt128)Next() * range;
        }
        return (int)(ulong)(product >> 64);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Range(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int Below(int count) => (int)(NextDouble() * count);

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>True with probability one half.</summary>
    public bool NextBool() => (Next() >> 63) != 0;

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInclusive(i);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
