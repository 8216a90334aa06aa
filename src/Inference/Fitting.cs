using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference;

/// <summary>Fits images to a size multiple (reflect padding or resizing) and undoes it on the output.</summary>
internal static class Fitting
{
    public static int RoundUp(int value, int multiple) => checked((value + multiple - 1) / multiple * multiple);

    public static int Nearest(int value, int multiple) => Math.Max(multiple, (int)Math.Round(value / (double)multiple, MidpointRounding.AwayFromZero) * multiple);

    /// <summary>Reflect-pads the right and bottom edges; mirrors without repeating the edge (PyTorch "reflect") when the image is large enough.</summary>
    public static Mat PadRightBottom(Mat image, int width, int height)
    {
        int right = width - image.Width, bottom = height - image.Height;
        if (right == 0 && bottom == 0) return image.Clone();
        var border = right < image.Width && bottom < image.Height ? BorderTypes.Reflect101 : BorderTypes.Reflect;
        return ImageGeometry.Pad(image, 0, bottom, 0, right, border);
    }

}
