using System.Globalization;

namespace Pix2Pix.Benchmarks;

/// <summary>Timed samples of the contenders, collected across rounds.</summary>
internal sealed class Samples
{
    private readonly Dictionary<string, List<double>> _values = [];

    public void Add(string contender, double value) =>
        (_values.TryGetValue(contender, out var list) ? list : _values[contender] = []).Add(value);

    public int Count(string contender) => _values.TryGetValue(contender, out var list) ? list.Count : 0;

    /// <summary>The median of every sample of <paramref name="contender"/> (the upper one of an even count).</summary>
    public double Median(string contender)
    {
        var sorted = _values[contender].Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Every sample of <paramref name="contender"/> in the order taken.</summary>
    public string List(string contender, int decimals) => string.Join(" ", _values[contender].Select(v => F(v, decimals)));

    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
