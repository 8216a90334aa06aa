namespace Pix2Pix.Training.Reports;

/// <summary>Helpers that turn noisy loss series into something readable.</summary>
internal static class Smoothing
{
    /// <summary>
    /// Exponential moving average with smoothing span (in samples) picked from the length: long runs are smoothed more.
    /// Non-finite inputs stay non-finite in the output and do not disturb the average.
    /// </summary>
    public static double[] Ema(IReadOnlyList<double> values)
    {
        double span = Math.Clamp(values.Count / 25.0, 1, 200);
        double alpha = 2 / (span + 1);
        var smoothed = new double[values.Count];
        double average = double.NaN;
        for (int i = 0; i < values.Count; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
            {
                smoothed[i] = v;
                continue;
            }
            average = double.IsNaN(average) ? v : average + alpha * (v - average);
            smoothed[i] = average;
        }
        return smoothed;
    }

    /// <summary>Range of the finite values, ignoring the outer <paramref name="tail"/> fraction on each side for long series.</summary>
    public static (double Min, double Max)? Range(IEnumerable<double> values, double tail = 0)
    {
        double[] finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length == 0) return null;
        int skip = finite.Length >= 50 ? (int)(finite.Length * tail) : 0;
        return (finite[skip], finite[^(skip + 1)]);
    }
}
