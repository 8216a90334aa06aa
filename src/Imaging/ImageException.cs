namespace Pix2Pix.Imaging;

/// <summary>
/// An image that cannot be read, decoded, converted, encoded or written: a missing, empty, corrupt or truncated file,
/// an unsupported format or depth. The message names the file when one is involved.
/// </summary>
public sealed class ImageException : Exception
{
    /// <summary>Creates the exception; the message names <paramref name="path"/> when one is given.</summary>
    public ImageException(string reason, string? path = null, Exception? inner = null)
        : base(path is null ? reason : $"'{path}': {reason}", inner)
    {
        Reason = reason;
        FilePath = path;
    }

    /// <summary>The failure without the file name.</summary>
    public string Reason { get; }

    /// <summary>The file being read or written, or null when no file was involved.</summary>
    public string? FilePath { get; }
}
