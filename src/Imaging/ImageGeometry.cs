using OpenCvSharp;

namespace Pix2Pix.Imaging;

/// <summary>Resizing, cropping, flipping and padding; each returns a new, independent Mat and checks its arguments first.</summary>
public static class ImageGeometry
{
    /// <summary>
    /// Resamples with an OpenCV filter (for reports and previews; pix2pix's own scaling is <see cref="Resize(Mat, int, int)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target size is not positive.</exception>
    /// <exception cref="ImageException">The image is empty.</exception>
    public static Mat Resize(Mat image, int width, int height, InterpolationFlags interpolation)
    {
        CheckResize(image, width, height);
        return ImageConvert.Converted(m => Cv2.Resize(image, m, new Size(width, height), 0, 0, interpolation));
    }

    /// <summary>
    /// Resamples the way the official pix2pix does (torchvision's <c>Resize</c> on PIL images): Pillow's bicubic filter,
    /// which widens its support when shrinking (antialiasing), byte-exact to Pillow 9.4 for 8-bit images of 1, 3 or 4
    /// channels (<see cref="PilResize"/>). Other depths fall back to OpenCV's bicubic. A copy when the size already matches.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The target size is not positive.</exception>
    /// <exception cref="ImageException">The image is empty.</exception>
    public static Mat Resize(Mat image, int width, int height)
    {
        CheckResize(image, width, height);
        if (image.Cols == width && image.Rows == height) return image.Clone();
        int channels = image.Channels();
        if (image.Depth() != MatType.CV_8U || channels is not (1 or 3 or 4))
            return Resize(image, width, height, InterpolationFlags.Cubic);
        var result = new Mat(height, width, image.Type());
        try
        {
            int stride = checked((int)image.Step());
            unsafe
            {
                var source = new ReadOnlySpan<byte>((void*)image.Data, checked((image.Rows - 1) * stride + image.Cols * channels));
                var target = new Span<byte>((void*)result.Data, checked(width * height * channels));
                PilResize.Resize(source, image.Cols, image.Rows, channels, stride, target, width, height);
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static void CheckResize(Mat image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(width <= 0 ? nameof(width) : nameof(height), $"target size {width}x{height} must be positive");
        if (image.Empty())
            throw new ImageException("cannot resize an empty image");
    }

    /// <summary>An owning copy of the rectangle whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle is empty or not inside the image.</exception>
    public static Mat Crop(Mat image, int x, int y, int width, int height)
    {
        using Mat view = View(image, x, y, width, height);
        return view.Clone();
    }

    /// <summary>
    /// A view (no copy) of the rectangle whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>): it shares
    /// <paramref name="image"/>'s pixels (OpenCV's reference count keeps them alive), so writes through it change the image.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle is empty or not inside the image.</exception>
    public static Mat View(Mat image, int x, int y, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width <= 0 || height <= 0 || x < 0 || y < 0 || (long)x + width > image.Cols || (long)y + height > image.Rows)
            throw new ArgumentOutOfRangeException(null,
                $"crop rectangle x={x}, y={y}, width={width}, height={height} is not inside the {image.Cols}x{image.Rows} image");
        return new Mat(image, new Rect(x, y, width, height));
    }

    /// <summary>A mirrored copy; <see cref="FlipMode.Y"/> mirrors left to right, as pix2pix's flip augmentation.</summary>
    public static Mat Flip(Mat image, FlipMode mode)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Empty())
            throw new ImageException("cannot flip an empty image");
        return ImageConvert.Converted(m => Cv2.Flip(image, m, mode));
    }

    /// <summary>Pads with a border; <paramref name="value"/> (in the image's channel order, black by default) fills a constant one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A border is negative, or a reflecting border is not smaller than the image.</exception>
    public static Mat Pad(Mat image, int top, int bottom, int left, int right, BorderTypes type, Scalar? value = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (top < 0 || bottom < 0 || left < 0 || right < 0)
            throw new ArgumentOutOfRangeException(null, $"border sizes must not be negative (top={top}, bottom={bottom}, left={left}, right={right})");
        if (image.Empty())
            throw new ImageException("cannot pad an empty image");
        if (type == BorderTypes.Reflect101 && (Math.Max(top, bottom) >= image.Rows || Math.Max(left, right) >= image.Cols))
            throw new ArgumentOutOfRangeException(null,
                $"a Reflect101 border must be smaller than the {image.Cols}x{image.Rows} image (top={top}, bottom={bottom}, left={left}, right={right})");
        return ImageConvert.Converted(m => Cv2.CopyMakeBorder(image, m, top, bottom, left, right, type, value ?? Scalar.All(0)));
    }
}
