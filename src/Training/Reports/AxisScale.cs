using System.Globalization;

namespace Pix2Pix.Training.Reports;

/// <summary>A linear axis range with round tick values (1, 2 or 5 times a power of ten).</summary>
internal sealed record AxisScale(double Min, double Max, double Step)
{
    /// <summary>
    /// Ticks covering [<paramref name="min"/>, <paramref name="max"/>] with about <paramref name="targetTicks"/> intervals.
    /// With <paramref name="expand"/> the range grows outward to whole ticks (y axes); otherwise it is kept (x axes).
    /// </summary>
    public static AxisScale Create(double min, double max, int targetTicks, bool expand, double minStep = 0)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) (min, max) = (0, 1);
        if (max < min) (min, max) = (max, min);
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max)))
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        double step = Math.Max(NiceStep((max - min) / Math.Max(1, targetTicks)), minStep);
        return expand
            ? new AxisScale(Math.Floor(min / step + 1e-9) * step, Math.Ceiling(max / step - 1e-9) * step, step)
            : new AxisScale(min, max, step);
    }

    /// <summary>Tick values inside the range.</summary>
    public IEnumerable<double> Ticks()
    {
        long first = (long)Math.Ceiling(Min / Step - 1e-9), last = (long)Math.Floor(Max / Step + 1e-9);
        for (long k = first; k <= last; k++)
            yield return Math.Abs(k * Step) < Step * 1e-9 ? 0 : k * Step;
    }

    /// <summary>Position of <paramref name="value"/> in [0, 1] along the axis.</summary>
    public double Fraction(double value) => (value - Min) / (Max - Min);

    /// <summary>A tick label with just the decimals the step needs; thousands as "k" when <paramref name="compact"/>.</summary>
    public string Label(double value, bool compact = false)
    {
        if (compact && value != 0 && Math.Abs(Max) >= 10_000 && Step >= 100)
            return Format(value / 1000, Step / 1000) + "k";
        double magnitude = Math.Max(Math.Abs(Min), Math.Abs(Max));
        if (magnitude >= 1e6 || Step < 1e-4)
            return value.ToString("0.##e0", CultureInfo.InvariantCulture);
        return Format(value, Step);
    }

    private static string Format(double value, double step)
    {
        int decimals = Math.Clamp((int)-Math.Floor(Math.Log10(step) + 1e-9), 0, 8);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double mantissa = rough / power;
        return power * mantissa switch { < 1.5 => 1, < 3.5 => 2, < 7.5 => 5, _ => 10 };
    }
}
