using OpenCvSharp;
using Pix2Pix.Weights;

namespace Pix2Pix.Imaging;

/// <summary>
/// Reading and writing image files with OpenCV's codecs. Decoded Mats are as OpenCV gives them: BGR / BGRA order, gray
/// stays one channel, 16-bit stays 16-bit (<see cref="ImageConvert.To8Bit"/> applies the pix2pix channel policy).
/// Every failure is an <see cref="ImageException"/> that names the file; nothing here crashes on a bad file.
/// </summary>
public static class ImageCodec
{
    /// <summary>File extensions <see cref="Encode"/> and <see cref="Write"/> accept.</summary>
    public static IReadOnlyList<string> EncodableExtensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"];

    /// <summary>Reads and decodes an image file (PNG, JPEG, BMP, TIFF, WebP...).</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode">OpenCV's read mode; <see cref="ImreadModes.Unchanged"/> keeps alpha and 16 bits and ignores EXIF orientation.</param>
    /// <exception cref="ImageException">The file is missing, unreadable, empty, corrupt or truncated, or too large for OpenCV.</exception>
    public static Mat Read(string path, ImreadModes mode = ImreadModes.Unchanged)
    {
        ArgumentNullException.ThrowIfNull(path);
        OpenCvRuntime.EnsureLoaded();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ImageException(e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read file: {e.Message}", path, e);
        }
        return Decode(bytes, path, mode);
    }

    /// <summary>Decodes an encoded image held in memory.</summary>
    /// <param name="bytes">The encoded image.</param>
    /// <param name="path">The file the bytes came from, for messages; null for bytes from elsewhere.</param>
    /// <param name="mode">OpenCV's read mode.</param>
    /// <exception cref="ImageException">The bytes are empty, of an unknown format, corrupt or truncated, or the image is too large for OpenCV.</exception>
    public static Mat Decode(ReadOnlySpan<byte> bytes, string? path = null, ImreadModes mode = ImreadModes.Unchanged)
    {
        OpenCvRuntime.EnsureLoaded();
        if (bytes.IsEmpty)
            throw new ImageException(path is null ? "image data is empty" : "file is empty (0 bytes)", path);
        if (JpegIntegrity.IsJpeg(bytes) && JpegIntegrity.IsTruncated(bytes))
            throw new ImageException("truncated JPEG: no end-of-image marker after the last scan", path);
        Mat decoded;
        try
        {
            decoded = Cv2.ImDecode(bytes, mode);
        }
        catch (OpenCVException e) when (e.ErrMsg.Contains("CV_IO_MAX_IMAGE_PIXELS", StringComparison.Ordinal))
        {
            throw new ImageException("the image is larger than OpenCV's limit of 2^30 pixels (CV_IO_MAX_IMAGE_PIXELS)", path, e);
        }
        catch (OpenCVException e)
        {
            throw new ImageException($"cannot decode the image: {e.ErrMsg}", path, e);
        }
        if (decoded.Empty())
        {
            decoded.Dispose();
            throw new ImageException("unrecognised image format, or corrupt or truncated image data", path);
        }
        return decoded;
    }

    /// <summary>
    /// Encodes to the format of <paramref name="extension"/>: ".png", ".jpg"/".jpeg", ".bmp", ".tif"/".tiff".
    /// Takes 8-bit gray, BGR or BGRA images; PNG and TIFF also take 16-bit ones.
    /// </summary>
    /// <param name="image">The image, in OpenCV's channel order.</param>
    /// <param name="extension">The format, with or without the leading dot, any case.</param>
    /// <param name="jpegQuality">0 to 100; used by JPEG only.</param>
    /// <exception cref="ArgumentException">The extension is not one of <see cref="EncodableExtensions"/>.</exception>
    /// <exception cref="ImageException">The image is empty or its depth or channel count does not suit the format.</exception>
    public static byte[] Encode(Mat image, string extension, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(extension);
        OpenCvRuntime.EnsureLoaded();
        string ext = NormalizeExtension(extension);
        if (jpegQuality is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(jpegQuality), jpegQuality, "JPEG quality must be 0 to 100");
        ObjectDisposedException.ThrowIf(image.IsDisposed, image);
        if (image.Empty())
            throw new ImageException($"cannot encode an empty image as {ext}");
        MatType type = image.Type();
        int channels = type.Channels;
        if (channels is not (1 or 3 or 4))
            throw new ImageException($"{ext} takes 1, 3 or 4 channels; this image has {channels} channels");
        bool sixteenBit = ext is ".png" or ".tif" or ".tiff";
        if (type.Depth != MatType.CV_8U && !(sixteenBit && type.Depth == MatType.CV_16U))
            throw new ImageException(
                $"{ext} takes {(sixteenBit ? "8- or 16-bit unsigned" : "8-bit")} images; this one is {DepthName(type.Depth)} (ImageConvert.To8Bit converts it)");
        int[] options = ext is ".jpg" or ".jpeg" ? [(int)ImwriteFlags.JpegQuality, jpegQuality] : [];
        try
        {
            return Cv2.ImEncode(ext, image, out byte[] encoded, options)
                ? encoded
                : throw new ImageException($"the {ext} encoder rejected the {image.Cols}x{image.Rows} image");
        }
        catch (OpenCVException e)
        {
            throw new ImageException($"cannot encode as {ext}: {e.ErrMsg}", inner: e);
        }
    }

    /// <summary>
    /// Encodes by the file's extension and writes atomically (<see cref="AtomicFile"/>): readers see the old file or the
    /// new one, never a partial one; a failure leaves no file behind and an existing file untouched. Creates the folder.
    /// </summary>
    /// <exception cref="ImageException">The extension is not supported, encoding failed or the file could not be written; the message names it.</exception>
    public static void Write(Mat image, string path, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] encoded = EncodeFor(image, path, jpegQuality);
        try
        {
            AtomicFile.WriteAllBytes(path, encoded);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ImageException($"cannot write file: {e.Message}", path, e);
        }
    }

    /// <summary>Encodes <paramref name="image"/> in the format of <paramref name="path"/>'s extension; errors name the file.</summary>
    /// <exception cref="ImageException">The extension is not supported or encoding failed.</exception>
    public static byte[] EncodeFor(Mat image, string path, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return Encode(image, Path.GetExtension(path), jpegQuality);
        }
        catch (ImageException e)
        {
            throw new ImageException(e.Reason, path, e);
        }
        catch (ArgumentException e)
        {
            throw new ImageException(e.Message, path, e);
        }
    }

    internal static string DepthName(int depth) => depth switch
    {
        MatType.CV_8U => "8-bit unsigned",
        MatType.CV_8S => "8-bit signed",
        MatType.CV_16U => "16-bit unsigned",
        MatType.CV_16S => "16-bit signed",
        MatType.CV_32S => "32-bit integer",
        MatType.CV_32F => "32-bit float",
        MatType.CV_64F => "64-bit float",
        _ => $"depth {depth}",
    };

    private static string NormalizeExtension(string extension)
    {
        string ext = (extension.StartsWith('.') ? extension : "." + extension).ToLowerInvariant();
        if (!EncodableExtensions.Contains(ext))
            throw new ArgumentException($"unsupported image format '{extension}'; use one of {string.Join(", ", EncodableExtensions)}", nameof(extension));
        return ext;
    }
}
