using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Data.Tests;

/// <summary>Deterministic test pictures.</summary>
internal static class Images
{
    /// <summary>A colour image (given as RGB, held as BGR) whose pixels differ everywhere, so any shift, flip or swap shows.</summary>
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
        return Pixels.FromRgb(pixels, height, width);
    }

    public static Mat Solid(int width, int height, byte r, byte g, byte b) => new(height, width, MatType.CV_8UC3, new Scalar(b, g, r));

    public static float Normalized(int value) => value / 127.5f - 1f;
}
