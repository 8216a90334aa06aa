using Pix2Pix.OpenCv;

namespace Pix2Pix.Reports.Tests;

internal static class Pixels
{
    /// <summary>Pixels of an RGB image within <paramref name="tolerance"/> of <paramref name="color"/> in every channel.</summary>
    public static int Count(Mat image, Rgb color, int tolerance = 24)
    {
        byte[] rgb = image.ToBytes();
        int count = 0;
        for (int i = 0; i < rgb.Length; i += 3)
            if (Math.Abs(rgb[i] - color.R) <= tolerance && Math.Abs(rgb[i + 1] - color.G) <= tolerance && Math.Abs(rgb[i + 2] - color.B) <= tolerance)
                count++;
        return count;
    }
}
