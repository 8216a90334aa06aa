using OpenCvSharp;

namespace Pix2Pix.Imaging;

/// <summary>
/// The pix2pix channel and depth policy: every decoded image becomes 8-bit BGR (three channels) or 8-bit gray (one
/// channel, for gray models) before it is scaled and turned into a tensor.
/// </summary>
public static class ImageConvert
{
    /// <summary>
    /// Converts any decoded image to 8-bit BGR (<paramref name="channels"/> = 3) or 8-bit gray (1): gray is expanded to three
    /// equal channels, alpha is dropped (not composited), gray+alpha keeps its gray, colour becomes gray by ITU-R 601 luma;
    /// 16-bit values are scaled by 1/257 with rounding (65535 → 255), float values by 255 (0…1 → 0…255).
    /// Always returns a new Mat.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is not 1 or 3.</exception>
    /// <exception cref="ImageException">The image is empty, or of a depth or channel count that has no such conversion.</exception>
    public static Mat To8Bit(Mat image, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "images become 1 (gray) or 3 (BGR) channels");
        OpenCvRuntime.EnsureLoaded();
        ObjectDisposedException.ThrowIf(image.IsDisposed, image);
        if (image.Empty())
            throw new ImageException("cannot convert an empty image");
        MatType type = image.Type();
        int depth = type.Depth, sourceChannels = type.Channels;
        if (sourceChannels is < 1 or > 4)
            throw new ImageException($"cannot convert a {sourceChannels}-channel image to {(channels == 1 ? "gray" : "BGR")}");
        double scale = depth switch
        {
            MatType.CV_8U => 1,
            MatType.CV_16U => 1 / 257.0,
            MatType.CV_32F or MatType.CV_64F => 255,
            _ => throw new ImageException($"cannot convert a {ImageCodec.DepthName(depth)} image to 8 bits"),
        };

        using Mat? scaled = depth == MatType.CV_8U ? null : Converted(m => image.ConvertTo(m, MatType.CV_8UC(sourceChannels), scale));
        Mat source = scaled ?? image;
        using Mat? gray = sourceChannels == 2 ? Converted(m => Cv2.ExtractChannel(source, m, 0)) : null;
        source = gray ?? source;

        ColorConversionCodes? code = (source.Channels(), channels) switch
        {
            (1, 1) or (3, 3) => null,
            (1, 3) => ColorConversionCodes.GRAY2BGR,
            (3, 1) => ColorConversionCodes.BGR2GRAY,
            (4, 1) => ColorConversionCodes.BGRA2GRAY,
            _ => ColorConversionCodes.BGRA2BGR,
        };
        return code is { } c ? Converted(m => Cv2.CvtColor(source, m, c)) : source.Clone();
    }

    /// <summary>A new Mat filled by <paramref name="fill"/>; disposed if filling fails.</summary>
    internal static Mat Converted(Action<Mat> fill)
    {
        var result = new Mat();
        try
        {
            fill(result);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
