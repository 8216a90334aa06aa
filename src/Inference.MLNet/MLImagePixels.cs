using System.Globalization;
using Microsoft.ML.Data;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// <see cref="MLImage"/> ↔ OpenCV: one <c>cvtColor</c> over a Mat that wraps the other side's pixel buffer, no per-pixel
/// managed loop.
/// </summary>
internal static class MLImagePixels
{
    /// <summary>
    /// An 8-bit BGR copy of the image's pixels (alpha dropped, as for decoded files; Skia keeps a translucent image's
    /// colours premultiplied by alpha).
    /// </summary>
    /// <exception cref="ImageException">The pixel format is not Bgra32 or Rgba32, or the buffer does not hold Width × Height pixels.</exception>
    public static unsafe Mat ToBgr(MLImage image, int width, int height)
    {
        ColorConversionCodes code = image.PixelFormat switch
        {
            MLPixelFormat.Bgra32 => ColorConversionCodes.BGRA2BGR,
            MLPixelFormat.Rgba32 => ColorConversionCodes.RGBA2BGR,
            var other => throw new ImageException($"the MLImage's pixel format is {other}; Bgra32 or Rgba32 expected"),
        };
        ReadOnlySpan<byte> pixels = image.Pixels;
        long rowBytes = pixels.Length / height;
        if (rowBytes < 4L * width || rowBytes * height != pixels.Length)
            throw new ImageException(string.Create(CultureInfo.InvariantCulture,
                $"the MLImage's pixel buffer holds {pixels.Length} bytes, not {height} rows of {width} 4-byte pixels"));
        fixed (byte* data = pixels)
        {
            using Mat wrapped = Mat.FromPixelData(height, width, MatType.CV_8UC4, (IntPtr)data, rowBytes);
            var bgr = new Mat();
            try
            {
                Cv2.CvtColor(wrapped, bgr, code);
                return bgr;
            }
            catch
            {
                bgr.Dispose();
                throw;
            }
        }
    }

    /// <summary>The 8-bit gray or BGR image as tightly packed, opaque Bgra32 pixels (what <see cref="MLImage.CreateFromPixels"/> takes).</summary>
    public static byte[] ToBgra(Mat image)
    {
        ColorConversionCodes code = image.Channels() switch
        {
            1 => ColorConversionCodes.GRAY2BGRA,
            3 => ColorConversionCodes.BGR2BGRA,
            var c => throw new ImageException($"cannot make an MLImage of a {c}-channel image"),
        };
        if (image.Depth() != MatType.CV_8U) throw new ImageException("cannot make an MLImage of an image that is not 8-bit");
        var bgra = new byte[checked(image.Width * image.Height * 4)];
        using Mat target = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC4, bgra);
        Cv2.CvtColor(image, target, code);
        return bgra;
    }
}
