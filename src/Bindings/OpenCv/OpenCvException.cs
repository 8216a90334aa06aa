namespace Pix2Pix.OpenCv;

/// <summary>An OpenCV failure or an unusable image; carries OpenCV's own message and the file involved, if any.</summary>
public sealed class OpenCvException : Exception
{
    /// <summary>Creates the exception; the message names <paramref name="path"/> when one is given.</summary>
    public OpenCvException(string reason, string? path = null, Exception? inner = null)
        : base(path is null ? reason : $"'{path}': {reason}", inner)
    {
        Reason = reason;
        FilePath = path;
    }

    /// <summary>The failure without the file name: OpenCV's message, or the binding's own reason.</summary>
    public string Reason { get; }

    /// <summary>The file being read or written, or null when no file was involved.</summary>
    public string? FilePath { get; }
}
