namespace Pix2Pix.Inference;

/// <summary>One input of a folder conversion and where its output goes.</summary>
/// <param name="InputPath">Full path of the input image.</param>
/// <param name="RelativePath">Its path under the input folder, kept under the output folder.</param>
/// <param name="OutputPath">Full path of the output image.</param>
public sealed record ConversionItem(string InputPath, string RelativePath, string OutputPath);

/// <summary>An input that could not be converted, and why.</summary>
public sealed record ConvertFailure(string InputPath, string Error);

/// <summary>Progress of a folder conversion, reported after every image.</summary>
/// <param name="Completed">Images finished (converted or failed).</param>
/// <param name="Failed">Images that failed so far.</param>
/// <param name="Total">Images to convert in this run.</param>
/// <param name="ImagesPerSecond">Images finished per second since the run started.</param>
/// <param name="Current">The input just finished.</param>
public readonly record struct ConvertProgress(int Completed, int Failed, int Total, double ImagesPerSecond, string Current);

/// <summary>The outcome of a folder conversion.</summary>
/// <param name="Converted">Outputs written.</param>
/// <param name="SkippedExisting">Inputs skipped because their output already existed.</param>
/// <param name="Failed">Inputs that failed (unreadable, corrupt, clashing outputs, write errors), in file order.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record ConvertSummary(int Converted, int SkippedExisting, IReadOnlyList<ConvertFailure> Failed, TimeSpan Elapsed)
{
    /// <summary>Converted images per second of wall time.</summary>
    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? Converted / Elapsed.TotalSeconds : 0;

    /// <summary>Temporary files of these outputs left by a killed earlier run, removed before converting.</summary>
    public int LeftoversRemoved { get; init; }

    /// <summary>Whether nothing failed.</summary>
    public bool Succeeded => Failed.Count == 0;
}
