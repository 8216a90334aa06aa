using Pix2Pix.OpenCv;

namespace Pix2Pix.Data.Tests;

/// <summary>Deterministic test pictures.</summary>
internal static class Images
{
    /// <summary>An RGB image whose pixels differ everywhere, so any shift, flip or swap shows.</summary>
    public static Mat Pattern(int width, int height, int salt = 0)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = (y * width + x) * 3;
                pixels[i] = (byte)(x * 7 + salt);
                pixels[i + 1] = (byte)(y * 5 + x * x + salt * 3);
                pixels[i + 2] = (byte)((x * 13) ^ (y * 11) ^ salt);
            }
        return Mat.FromPixels(pixels, height, width);
    }

    public static Mat Solid(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.Length; i += 3)
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        return Mat.FromPixels(pixels, height, width);
    }

    public static float Normalized(int value) => value / 127.5f - 1f;
}
