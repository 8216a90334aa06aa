using Pix2Pix.OpenCv;

namespace Pix2Pix.Reports.Tests;

internal static class Pixels
{
    /// <summary>Pixels of an RGB image within <paramref name="tolerance"/> of <paramref name="color"/> in every channel.</summary>
    public static int Count(Mat image, Rgb color, int tolerance = 24) => Count(image, color, 0, image.Height, tolerance);

    /// <summary>As <see cref="Count(Mat, Rgb, int)"/>, in rows <paramref name="top"/> (included) to <paramref name="bottom"/> (excluded).</summary>
    public static int Count(Mat image, Rgb color, int top, int bottom, int tolerance = 24)
    {
        byte[] rgb = image.ToBytes();
        int count = 0;
        for (int i = top * image.Width * 3; i < bottom * image.Width * 3; i += 3)
            if (Math.Abs(rgb[i] - color.R) <= tolerance && Math.Abs(rgb[i + 1] - color.G) <= tolerance && Math.Abs(rgb[i + 2] - color.B) <= tolerance)
                count++;
        return count;
    }
}
