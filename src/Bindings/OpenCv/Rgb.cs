namespace Pix2Pix.OpenCv;

/// <summary>A drawing color, always given in RGB order.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Black => new(0, 0, 0);
    public static Rgb White => new(255, 255, 255);
    public static Rgb Red => new(255, 0, 0);
    public static Rgb Green => new(0, 255, 0);
    public static Rgb Blue => new(0, 0, 255);

    /// <summary>Gray level used when drawing on one-channel images (ITU-R 601 luma, as OpenCV's RGB2GRAY).</summary>
    public byte Luma => (byte)Math.Round(0.299 * R + 0.587 * G + 0.114 * B, MidpointRounding.AwayFromZero);
}
