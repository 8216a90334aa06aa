namespace Pix2Pix.OpenCv;

public sealed partial class Mat
{
    private const int ImwriteJpegQuality = 1;

    private static readonly string[] EncodableExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"];

    /// <summary>Reads and decodes an image file (PNG, JPEG, BMP, TIFF...). Pixels come back in RGB / RGBA order.</summary>
    /// <exception cref="OpenCvException">The file is missing, unreadable, empty, corrupt or truncated; the message names it.</exception>
    public static Mat Read(string path, ImreadModes mode = ImreadModes.Unchanged)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new OpenCvException(e is FileNotFoundException or DirectoryNotFoundException
                ? "file not found" : $"cannot read file: {e.Message}", path, e);
        }
        return Decode(bytes, mode, path);
    }

    /// <summary>Decodes an encoded image held in memory. Pixels come back in RGB / RGBA order.</summary>
    /// <exception cref="OpenCvException">The bytes are empty, of an unknown format, corrupt or truncated.</exception>
    public static Mat Decode(ReadOnlySpan<byte> bytes, ImreadModes mode = ImreadModes.Unchanged) => Decode(bytes, mode, null);

    /// <summary>Reads a stream to its end and decodes it as <see cref="Decode(ReadOnlySpan{byte}, ImreadModes)"/>.</summary>
    public static Mat FromStream(Stream stream, ImreadModes mode = ImreadModes.Unchanged)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), mode, (stream as FileStream)?.Name);
    }

    /// <summary>
    /// Encodes to an image format chosen by extension: ".png", ".jpg"/".jpeg", ".bmp", ".tif"/".tiff".
    /// The Mat is read as gray, gray+alpha, RGB or RGBA; PNG and TIFF also take 16-bit images.
    /// </summary>
    /// <param name="extension">The format, with or without the leading dot.</param>
    /// <param name="jpegQuality">0 to 100; used by JPEG only.</param>
    public unsafe byte[] Encode(string extension, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(extension);
        string ext = NormalizeExtension(extension);
        if (jpegQuality is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(jpegQuality), jpegQuality, "JPEG quality must be 0 to 100");
        if (IsEmpty)
            throw new OpenCvException($"cannot encode an empty image as {ext}");

        using Mat? bgr = Channels switch
        {
            3 => ConvertColor(ColorCode.RgbToBgr),
            4 => ConvertColor(ColorCode.RgbaToBgra),
            _ => null,
        };
        int* options = stackalloc int[] { ImwriteJpegQuality, jpegQuality };
        bool jpeg = ext is ".jpg" or ".jpeg";
        Native.Check(Native.p2cv_imencode((bgr ?? this).Handle, ext, jpeg ? options : null, jpeg ? 2 : 0, out IntPtr data, out nuint length));
        try
        {
            return new ReadOnlySpan<byte>((void*)data, checked((int)length)).ToArray();
        }
        finally
        {
            Native.p2cv_free(data);
        }
    }

    /// <summary>
    /// Encodes by the file's extension and writes atomically: the image goes to a temporary file in the same folder,
    /// which then replaces <paramref name="path"/>. On failure no partial file is left and an existing file is untouched.
    /// </summary>
    /// <exception cref="OpenCvException">The extension is not supported, encoding failed or the file could not be written.</exception>
    public void Write(string path, int jpegQuality = 95)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] encoded;
        try
        {
            encoded = Encode(Path.GetExtension(path), jpegQuality);
        }
        catch (OpenCvException e)
        {
            throw new OpenCvException(e.Reason, path, e);
        }
        catch (ArgumentException e)
        {
            throw new OpenCvException(e.Message, path, e);
        }

        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(encoded);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new OpenCvException($"cannot write file: {e.Message}", path, e);
        }
    }

    private static unsafe Mat Decode(ReadOnlySpan<byte> bytes, ImreadModes mode, string? path)
    {
        if (bytes.IsEmpty)
            throw new OpenCvException(path is null ? "image data is empty" : "file is empty (0 bytes)", path);
        if (JpegIntegrity.IsJpeg(bytes) && JpegIntegrity.IsTruncated(bytes))
            throw new OpenCvException("truncated JPEG: no end-of-image marker after the last scan", path);
        Mat decoded;
        fixed (byte* data = bytes)
            decoded = Native.Wrap(Native.p2cv_imdecode(data, (nuint)bytes.Length, (int)mode), path);
        int code = decoded.Channels switch { 3 => ColorCode.RgbToBgr, 4 => ColorCode.RgbaToBgra, _ => -1 };
        if (code < 0) return decoded;
        using (decoded)
            return decoded.ConvertColor(code);
    }

    private static string NormalizeExtension(string extension)
    {
        string ext = (extension.StartsWith('.') ? extension : "." + extension).ToLowerInvariant();
        if (Array.IndexOf(EncodableExtensions, ext) < 0)
            throw new ArgumentException($"unsupported image format '{extension}'; use one of {string.Join(", ", EncodableExtensions)}", nameof(extension));
        return ext;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
