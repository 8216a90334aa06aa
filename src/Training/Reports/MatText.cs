using System.Text;
using OpenCvSharp;

namespace Pix2Pix.Training.Reports;

/// <summary>Horizontal anchor of a text line.</summary>
internal enum Align { Left, Center, Right }

/// <summary>
/// Text drawing with alignment and fitting on top of OpenCV's <see cref="Cv2.PutText"/> (Hershey simplex), whose font has printable ASCII only:
/// accents are dropped and common typographic punctuation is replaced by its ASCII look-alike.
/// </summary>
internal static class MatText
{
    public const double Small = 0.4;
    public const double Normal = 0.45;

    private const HersheyFonts Font = HersheyFonts.HersheySimplex;

    /// <summary>Draws <paramref name="text"/> with its baseline at <paramref name="baseline"/>, anchored at <paramref name="x"/>.</summary>
    /// <returns>The drawn width in pixels.</returns>
    public static int Draw(Mat canvas, string text, int x, int baseline, Rgb color, double scale = Normal, Align align = Align.Left)
    {
        text = ToAscii(text);
        if (text.Length == 0) return 0;
        int width = Size(text, scale).Width;
        int left = align switch { Align.Center => x - width / 2, Align.Right => x - width, _ => x };
        Cv2.PutText(canvas, text, new Point(left, baseline), Font, scale, color.ToScalar(), 1, LineTypes.AntiAlias);
        return width;
    }

    public static int Width(string text, double scale = Normal) => text.Length == 0 ? 0 : Size(ToAscii(text), scale).Width;

    /// <summary>Height above the baseline of a capital letter.</summary>
    public static int CapHeight(double scale = Normal) => Size("H", scale).Height;

    private static Size Size(string text, double scale) => Cv2.GetTextSize(text, Font, scale, 1, out _);

    /// <summary><paramref name="text"/> cut with "..." so that it fits in <paramref name="maxWidth"/> pixels.</summary>
    public static string Fit(string text, int maxWidth, double scale = Normal)
    {
        text = ToAscii(text);
        if (Width(text, scale) <= maxWidth) return text;
        for (int length = text.Length - 1; length > 0; length--)
        {
            string candidate = text[..length] + "...";
            if (Width(candidate, scale) <= maxWidth) return candidate;
        }
        return "";
    }

    /// <summary><paramref name="text"/> in the characters the Hershey font has.</summary>
    public static string ToAscii(string text)
    {
        if (text.All(c => c is >= ' ' and <= '~')) return text;
        var ascii = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            int accented = AccentedLetters.IndexOf(c);
            ascii.Append(c switch
            {
                >= ' ' and <= '~' => c.ToString(),
                _ when accented >= 0 => BaseLetters[accented].ToString(),
                '\u00DF' => "ss",
                '\u00C6' => "AE",
                '\u00E6' => "ae",
                '\u0152' => "OE",
                '\u0153' => "oe",
                '\u00B7' or '\u2022' or '\u2013' or '\u2014' or '\u2212' => "-",
                '\u2018' or '\u2019' => "'",
                '\u201C' or '\u201D' => "\"",
                '\u2026' => "...",
                '\u00D7' => "x",
                '\t' or '\u00A0' => " ",
                _ when char.IsLowSurrogate(c) => "",
                _ => "?",
            });
        }
        return ascii.ToString();
    }

    private const string AccentedLetters =
        "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčĎďÈÉÊËèéêëĒēĖėĘęĚěĞğÌÍÎÏìíîïĪīİıŁłÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőŘřŚśŠšŞşŤťÙÚÛÜùúûüŪūŮůŰűÝýÿŸŹźŻżŽž";

    private const string BaseLetters =
        "AAAAAAaaaaaaAaAaAaCcCcCcDdEEEEeeeeEeEeEeEeGgIIIIiiiiIiIiLlNnNnNnOOOOOOooooooOoOoRrSsSsSsTtUUUUuuuuUuUuUuYyyYZzZzZz";
}
