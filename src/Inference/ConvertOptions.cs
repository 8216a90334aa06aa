namespace Pix2Pix.Inference;

/// <summary>The format of converted files.</summary>
public enum OutputFormat
{
    /// <summary>PNG (lossless).</summary>
    Png,

    /// <summary>JPEG.</summary>
    Jpg,

    /// <summary>The input's own format when it can be written (PNG, JPEG, BMP, TIFF), else PNG.</summary>
    Same,
}

/// <summary>What a folder conversion reads and writes.</summary>
public sealed record ConvertOptions
{
    /// <summary>The folder searched recursively for images.</summary>
    public required string InputDirectory { get; init; }

    /// <summary>The folder outputs go to, under the inputs' relative paths; must not be, contain or lie inside the input folder.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Format of the outputs; the extension changes accordingly.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.Png;

    /// <summary>Convert again when the output exists (otherwise it is skipped, which makes a rerun resume).</summary>
    public bool Overwrite { get; init; }

    /// <summary>The part of the sorted file list this run takes (for parallel jobs).</summary>
    public Shard Shard { get; init; } = Shard.All;
}
