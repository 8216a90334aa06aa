using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

internal static class Pixels
{
    /// <summary>Pixels of a colour image (BGR, alpha ignored) within <paramref name="tolerance"/> of <paramref name="color"/> in every channel.</summary>
    public static int Count(Mat image, Rgb color, int tolerance = 24) => Count(image, color, 0, image.Height, tolerance);

    /// <summary>As <see cref="Count(Mat, Rgb, int)"/>, in rows <paramref name="top"/> (included) to <paramref name="bottom"/> (excluded).</summary>
    public static int Count(Mat image, Rgb color, int top, int bottom, int tolerance = 24)
    {
        using Mat bgr = ImageConvert.To8Bit(image);
        byte[] bytes = Imaging.Pixels.ToBytes(bgr);
        int count = 0;
        for (int i = top * image.Width * 3; i < bottom * image.Width * 3; i += 3)
            if (Math.Abs(bytes[i] - color.B) <= tolerance && Math.Abs(bytes[i + 1] - color.G) <= tolerance && Math.Abs(bytes[i + 2] - color.R) <= tolerance)
                count++;
        return count;
    }
}
