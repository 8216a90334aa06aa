namespace Pix2Pix.Inference.MLNet;

/// <summary>A row of the input whose image could not be read, decoded or translated; the message names the row and the image.</summary>
public sealed class ImageTranslationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageTranslationException(long row, string image, string reason, Exception? inner = null)
        : base(Prefix(row, image) + reason, inner)
    {
        Row = row;
        Image = image;
        Reason = reason;
    }

    /// <summary>The row's position in the data view (0-based); -1 in a pipeline loaded from a model file, which maps rows without their positions.</summary>
    public long Row { get; }

    /// <summary>The image: its path (quoted), or the size of its encoded bytes.</summary>
    public string Image { get; }

    /// <summary>Why it failed.</summary>
    public string Reason { get; }

    /// <summary>How a row's image is named in messages when it comes from a file.</summary>
    public static string PathImage(string path) => $"'{path}'";

    /// <summary>How a row's image is named in messages when it comes as encoded bytes.</summary>
    public static string BytesImage(int length) => $"{length} encoded bytes";

    /// <summary>
    /// The reason alone of a message of this type (or of the error column's text, which is that message) for
    /// <paramref name="row"/> and <paramref name="image"/>: for callers whose report already names the image.
    /// </summary>
    public static string ReasonOf(string message, long row, string image)
    {
        ArgumentNullException.ThrowIfNull(message);
        string prefix = Prefix(row, image);
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }

    private static string Prefix(long row, string image) => row >= 0 ? $"row {row} ({image}): " : $"{image}: ";
}
