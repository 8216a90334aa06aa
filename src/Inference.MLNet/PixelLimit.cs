using System.Globalization;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet;

/// <summary>The pixel limit (<see cref="ImageTranslationOptions.MaxImagePixels"/>) checked against an image's size.</summary>
internal static class PixelLimit
{
    /// <summary>Throws when the size is empty or over <paramref name="maxPixels"/> (0: no limit).</summary>
    /// <exception cref="ImageException">The image has no pixels or too many.</exception>
    public static void CheckSize(long width, long height, long maxPixels)
    {
        if (width <= 0 || height <= 0)
            throw new ImageException(string.Create(CultureInfo.InvariantCulture, $"the image has no pixels ({width}x{height})"));
        // Header sizes are up to 2^32 each: their product can pass long.
        Int128 pixels = (Int128)width * height;
        if (maxPixels > 0 && pixels > maxPixels)
            throw new ImageException(string.Create(CultureInfo.InvariantCulture,
                $"the image is {width}x{height} ({pixels:N0} pixels), over the limit of {maxPixels:N0} pixels (MaxImagePixels)"));
    }
}
