namespace Pix2Pix.Training.Reports;

/// <summary>Colors of the reports (matplotlib's tab10 for the series, so plots look familiar).</summary>
public static class Palette
{
    public static Rgb G_GAN { get; } = new(31, 119, 180);
    public static Rgb G_L1 { get; } = new(255, 127, 14);
    public static Rgb D_real { get; } = new(44, 160, 44);
    public static Rgb D_fake { get; } = new(214, 39, 40);
    public static Rgb ValL1 { get; } = new(148, 103, 189);
    public static Rgb D_GP { get; } = new(140, 86, 75);

    internal static Rgb Text { get; } = new(40, 40, 40);
    internal static Rgb MutedText { get; } = new(110, 110, 110);
    internal static Rgb Axis { get; } = new(150, 150, 150);
    internal static Rgb Grid { get; } = new(232, 232, 232);
    internal static Rgb Background { get; } = Rgb.White;
}
