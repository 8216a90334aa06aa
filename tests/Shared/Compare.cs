namespace Pix2Pix.Tests.Shared;

/// <summary>Numeric comparisons of float outputs used by several test projects.</summary>
internal static class Compare
{
    /// <summary>Largest absolute difference between two equally long arrays.</summary>
    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (var i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs((double)a[i] - b[i]));
        return worst;
    }

    /// <summary>Largest absolute difference between two equally long float64 arrays.</summary>
    public static double MaxAbsDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (var i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst;
    }

    /// <summary>PSNR in dB of two images in [−1, 1] (peak-to-peak 2).</summary>
    public static double Psnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double squares = 0;
        for (var i = 0; i < a.Length; i++) squares += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        var mse = squares / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(4 / mse);
    }

    public static double StandardDeviation(ReadOnlySpan<float> values)
    {
        double sum = 0, squares = 0;
        foreach (var v in values) { sum += v; squares += (double)v * v; }
        var mean = sum / values.Length;
        return Math.Sqrt(Math.Max(0, squares / values.Length - mean * mean));
    }
}
