namespace Pix2Pix.Inference.MLNet;

/// <summary>A row of the input whose image could not be read, decoded or translated; the message names the row and the image.</summary>
public sealed class ImageTranslationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImageTranslationException(long row, string image, string reason, Exception? inner = null)
        : base(row >= 0 ? $"row {row} ({image}): {reason}" : $"{image}: {reason}", inner)
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
}
