namespace Pix2Pix.Training.Data;

/// <summary>An image of the dataset could not be read or converted; names the file and why.</summary>
public sealed class ImageLoadException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ImageLoadException(string path, string reason, Exception? inner = null)
        : base($"cannot load '{path}': {reason}", inner)
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The file that failed.</summary>
    public string FilePath { get; }

    /// <summary>Why it failed, without the file name.</summary>
    public string Reason { get; }
}
