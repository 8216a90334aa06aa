namespace Pix2Pix.Inference;

/// <summary>The outcome of one <see cref="TranslationRequest"/>: written, encoded, or the reason it failed.</summary>
public sealed record TranslationResult
{
    /// <summary>Position of the request in the input sequence (results come back in this order).</summary>
    public required int Index { get; init; }

    /// <summary>The request's <see cref="ImageSource.Name"/>.</summary>
    public required string SourceName { get; init; }

    /// <summary>The file written, or null.</summary>
    public string? OutputPath { get; init; }

    /// <summary>The encoded output when the request had no output path.</summary>
    public byte[]? Encoded { get; init; }

    /// <summary>Output width in pixels (0 on failure).</summary>
    public int Width { get; init; }

    /// <summary>Output height in pixels (0 on failure).</summary>
    public int Height { get; init; }

    /// <summary>Why the item failed, or null.</summary>
    public string? Error { get; init; }

    /// <summary>The exception behind <see cref="Error"/>, or null.</summary>
    public Exception? Exception { get; init; }

    /// <summary>Whether the item was translated and written or encoded.</summary>
    public bool Succeeded => Error is null;
}
