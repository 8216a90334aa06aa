using Pix2Pix.OpenCv;

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
        var border = right < image.Width && bottom < image.Height ? BorderType.Reflect101 : BorderType.Reflect;
        return image.CopyMakeBorder(0, bottom, 0, right, border);
    }

    /// <summary>Resizes with area averaging when shrinking and bicubic otherwise; returns a copy when the size already matches.</summary>
    public static Mat ResizeTo(Mat image, int width, int height)
    {
        if (image.Width == width && image.Height == height) return image.Clone();
        bool shrinking = (long)width * height < (long)image.Width * image.Height;
        return image.Resize(width, height, shrinking ? Interpolation.Area : Interpolation.Cubic);
    }
}
