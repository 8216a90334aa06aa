using System.Collections.Concurrent;

namespace Pix2Pix.Imaging;

/// <summary>
/// The fixed-point bicubic weights of one axis, resampled from <see cref="InSize"/> to <see cref="OutSize"/>
/// samples, computed as Pillow's Resample.c does (precompute_coeffs then normalize_coeffs_8bpc) for the whole-image
/// box (0, InSize): output sample i is centred on (i + 0.5)·scale, scale = InSize / OutSize; when shrinking the
/// filter is stretched by the scale (support 2·scale), which is the antialiasing; each row of weights is normalised
/// to sum to 1 in double precision and then rounded half away from zero to <see cref="PrecisionBits"/> fraction bits.
/// Immutable and shared between threads.
/// </summary>
internal sealed class PilAxis
{
    /// <summary>Pillow's PRECISION_BITS for 8-bit images: 32 − 8 − 2.</summary>
    public const int PrecisionBits = 22;

    /// <summary>Half of one unit in the last place of the fixed-point sum, Pillow's initial accumulator value.</summary>
    public const int Half = 1 << (PrecisionBits - 1);

    private const int MaxCachedAxes = 64;
    private static readonly ConcurrentDictionary<(int In, int Out), PilAxis> Cache = new();

    private PilAxis(int inSize, int outSize)
    {
        InSize = inSize;
        OutSize = outSize;

        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = BicubicSupport * filterScale;
        KSize = (int)Math.Ceiling(support) * 2 + 1;
        if ((long)KSize * outSize > Array.MaxLength / 8)
            throw new ArgumentOutOfRangeException(nameof(outSize), $"resampling {inSize} samples to {outSize} needs too many filter weights");

        Start = new int[outSize];
        Count = new int[outSize];
        Weights = new int[outSize * KSize];
        var k = new double[KSize];
        double inverseScale = 1.0 / filterScale;
        for (int i = 0; i < outSize; i++)
        {
            double center = (i + 0.5) * scale;
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), inSize);
            int count = max - min;
            double sum = 0.0;
            for (int t = 0; t < count; t++)
            {
                double w = Bicubic((t + min - center + 0.5) * inverseScale);
                k[t] = w;
                sum += w;
            }
            if (sum != 0.0)
            {
                for (int t = 0; t < count; t++)
                    k[t] /= sum;
            }
            for (int t = 0; t < count; t++)
                Weights[i * KSize + t] = k[t] < 0 ? (int)(-0.5 + k[t] * (1 << PrecisionBits)) : (int)(0.5 + k[t] * (1 << PrecisionBits));
            Start[i] = min;
            Count[i] = count;
            MaxCount = Math.Max(MaxCount, count);
        }

        // Layouts for the vectorised horizontal pass, zero-padded past each sample's own count.
        Chunks8 = (MaxCount + 7) / 8;
        Weights8 = new int[outSize * Chunks8 * 8];
        Pairs = (MaxCount + 1) / 2;
        WeightPairs = new int[outSize * Pairs * 8];
        for (int i = 0; i < outSize; i++)
        {
            for (int t = 0; t < Count[i]; t++)
            {
                int w = Weights[i * KSize + t];
                Weights8[i * Chunks8 * 8 + t] = w;
                int pair = i * Pairs * 8 + (t / 2) * 8 + (t % 2) * 4;
                for (int c = 0; c < 4; c++)
                    WeightPairs[pair + c] = w;
            }
        }
    }

    /// <summary>Pillow's BICUBIC support radius (a = −0.5).</summary>
    public const double BicubicSupport = 2.0;

    public int InSize { get; }
    public int OutSize { get; }

    /// <summary>Row length of <see cref="Weights"/>: 2·ceil(support) + 1.</summary>
    public int KSize { get; }

    /// <summary>The largest <see cref="Count"/>.</summary>
    public int MaxCount { get; }

    /// <summary>First input sample of each output sample.</summary>
    public int[] Start { get; }

    /// <summary>Number of input samples of each output sample (Pillow's xmax after the shift).</summary>
    public int[] Count { get; }

    /// <summary>Fixed-point weights, <see cref="KSize"/> per output sample, zero past its count.</summary>
    public int[] Weights { get; }

    /// <summary>Groups of eight weights per output sample (one-channel horizontal pass).</summary>
    public int Chunks8 { get; }

    /// <summary><see cref="Chunks8"/>·8 weights per output sample.</summary>
    public int[] Weights8 { get; }

    /// <summary>Pairs of taps per output sample (three- and four-channel horizontal pass).</summary>
    public int Pairs { get; }

    /// <summary>Per output sample and pair of taps: the first weight four times, then the second four times.</summary>
    public int[] WeightPairs { get; }

    /// <summary>First input row any output row reads (Pillow's ybox_first).</summary>
    public int FirstUsed => Start[0];

    /// <summary>One past the last input row any output row reads (Pillow's ybox_last).</summary>
    public int EndUsed => Start[OutSize - 1] + Count[OutSize - 1];

    /// <summary>The weights for <paramref name="inSize"/> → <paramref name="outSize"/>, from a small shared cache.</summary>
    public static PilAxis Get(int inSize, int outSize)
    {
        if (Cache.TryGetValue((inSize, outSize), out var axis))
            return axis;
        axis = new PilAxis(inSize, outSize);
        if (Cache.Count >= MaxCachedAxes)
            Cache.Clear();
        return Cache.GetOrAdd((inSize, outSize), axis);
    }

    /// <summary>Keys's cubic convolution kernel with a = −0.5, evaluated in the same order as Pillow's bicubic_filter.</summary>
    internal static double Bicubic(double x)
    {
        const double a = -0.5;
        if (x < 0.0)
            x = -x;
        if (x < 1.0)
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0)
            return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }
}
