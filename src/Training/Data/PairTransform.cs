using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Training.Data;

/// <summary>
/// The official pix2pix <c>get_params</c> / <c>get_transform</c>: scale (bicubic), crop, flip, then normalize to [-1, 1] CHW.
/// A crop larger than the scaled image is padded with black on the right and bottom, so crop modes always give crop_size².
/// </summary>
internal sealed class PairTransform(DataOptions options, int sizeMultiple)
{
    private bool Crops => options.Preprocess is Preprocess.resize_and_crop or Preprocess.crop or Preprocess.scale_width_and_crop;

    /// <summary>Size after the scaling step, before cropping.</summary>
    public (int Width, int Height) ScaledSize(int width, int height) => options.Preprocess switch
    {
        Preprocess.resize_and_crop => (options.LoadSize, options.LoadSize),
        Preprocess.crop => (width, height),
        Preprocess.scale_width or Preprocess.scale_width_and_crop => ScaleWidth(width, height),
        Preprocess.none => (RoundToMultiple(width), RoundToMultiple(height)),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Preprocess, "unknown preprocess"),
    };

    /// <summary>Uniform crop offsets within the scaled image and a fair coin for the flip (unless no_flip).</summary>
    public Jitter Draw(int width, int height, ref SplitMix64 random)
    {
        var (scaledWidth, scaledHeight) = ScaledSize(width, height);
        int x = random.NextInclusive(Math.Max(0, scaledWidth - options.CropSize));
        int y = random.NextInclusive(Math.Max(0, scaledHeight - options.CropSize));
        bool flip = random.NextBool();
        return new Jitter(x, y, flip && !options.NoFlip);
    }

    /// <summary>The evaluation choice: a centred crop and no flip.</summary>
    public Jitter Centered(int width, int height)
    {
        var (scaledWidth, scaledHeight) = ScaledSize(width, height);
        return new Jitter(Math.Max(0, scaledWidth - options.CropSize) / 2, Math.Max(0, scaledHeight - options.CropSize) / 2, false);
    }

    /// <summary>Transforms an 8-bit image (gray or BGR) and returns its CHW floats in [-1, 1] (RGB planes for colour).</summary>
    public float[] Apply(Mat image, Jitter jitter, out int height, out int width)
    {
        Mat? scaled = null, cropped = null, flipped = null;
        try
        {
            Mat current = image;
            var (scaledWidth, scaledHeight) = ScaledSize(image.Cols, image.Rows);
            if (scaledWidth != current.Cols || scaledHeight != current.Rows)
                current = scaled = ImageGeometry.Resize(current, scaledWidth, scaledHeight);
            if (Crops)
                current = cropped = CropOrPad(current, jitter.CropX, jitter.CropY, options.CropSize);
            if (jitter.Flip)
                current = flipped = ImageGeometry.Flip(current, FlipMode.Y);
            (height, width) = (current.Rows, current.Cols);
            return ImageTensor.ToChw(current);
        }
        finally
        {
            flipped?.Dispose();
            cropped?.Dispose();
            scaled?.Dispose();
        }
    }

    private (int Width, int Height) ScaleWidth(int width, int height)
    {
        int target = options.LoadSize;
        if (width == target && height >= options.CropSize)
            return (width, height);
        return (target, Math.Max((int)((double)((long)target * height) / width), options.CropSize));
    }

    private int RoundToMultiple(int side) =>
        Math.Max(1, (int)Math.Round((double)side / sizeMultiple, MidpointRounding.ToEven)) * sizeMultiple;

    private static Mat CropOrPad(Mat image, int x, int y, int size)
    {
        int width = Math.Min(size, image.Cols - x), height = Math.Min(size, image.Rows - y);
        if (width == size && height == size)
            return ImageGeometry.Crop(image, x, y, size, size);
        using Mat inside = ImageGeometry.View(image, x, y, width, height);
        return ImageGeometry.Pad(inside, 0, size - height, 0, size - width, BorderTypes.Constant);
    }
}
