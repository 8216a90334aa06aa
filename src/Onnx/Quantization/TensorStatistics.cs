using System.Numerics;
using System.Runtime.InteropServices;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>What calibration saw of one tensor: its extreme values and, for the percentile method, a histogram.</summary>
internal sealed class TensorStatistics(bool histogram)
{
    private readonly RangeHistogram? _histogram = histogram ? new RangeHistogram() : null;

    public float Min { get; private set; } = float.PositiveInfinity;
    public float Max { get; private set; } = float.NegativeInfinity;
    public long Count { get; private set; }

    public void Add(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return;
        var (min, max) = Extremes(values);
        if (!float.IsFinite(min) || !float.IsFinite(max))
            throw new InvalidDataException("calibration produced NaN or infinite activations; check the model and the calibration inputs");
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        Count += values.Length;
        _histogram?.Add(values, min, max);
    }

    /// <summary>Smallest and largest value; NaN when any value is NaN.</summary>
    internal static (float Min, float Max) Extremes(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= 2 * Vector<float>.Count)
        {
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
            Vector<float> low = vectors[0], high = vectors[0], nan = Vector<float>.Zero;
            foreach (var v in vectors)
            {
                low = Vector.Min(low, v);
                high = Vector.Max(high, v);
                nan |= Vector.AsVectorSingle(~Vector.Equals(v, v));
            }
            if (nan != Vector<float>.Zero) return (float.NaN, float.NaN);
            for (var k = 0; k < Vector<float>.Count; k++)
            {
                min = Math.Min(min, low[k]);
                max = Math.Max(max, high[k]);
            }
            i = vectors.Length * Vector<float>.Count;
        }
        for (; i < values.Length; i++)
        {
            if (float.IsNaN(values[i])) return (float.NaN, float.NaN);
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }
        return (min, max);
    }

    /// <summary>The range to quantize: [Min, Max], or the percentile thresholds within it.</summary>
    public (float Low, float High) Range(CalibrationMethod method, double percentile)
    {
        if (Count == 0) throw new InvalidOperationException("no calibration values were seen");
        if (method == CalibrationMethod.MinMax || _histogram is null || percentile >= 100) return (Min, Max);
        var (low, high) = _histogram.Percentile(percentile);
        return (Math.Max(low, Min), Math.Min(high, Max));
    }
}
