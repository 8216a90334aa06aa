namespace Pix2Pix.Inference;

/// <summary>Options of a <see cref="TranslationPipeline"/>; the batch size is the translator's.</summary>
public sealed record PipelineOptions
{
    private static readonly int DefaultWorkers = Math.Clamp(Environment.ProcessorCount / 2, 1, 4);

    /// <summary>Images read, decoded and preprocessed at once.</summary>
    public int DecodeWorkers { get; init; } = DefaultWorkers;

    /// <summary>Results encoded and written at once.</summary>
    public int EncodeWorkers { get; init; } = DefaultWorkers;

    /// <summary>Capacity of each queue: decoded images waiting for the model, and translated images waiting to be written.</summary>
    public int QueueCapacity { get; init; } = 16;

    /// <summary>
    /// Model runs (batches) in flight at once on the shared session (default 1). On CPUs, 2+ runs of a translator
    /// with <see cref="TranslatorOptions.IntraOpThreads"/> = 1 keep every core busy without the per-operator
    /// synchronisation of one multi-threaded run; results stay in request order either way.
    /// </summary>
    public int ConcurrentRuns { get; init; } = 1;

    /// <summary>Format of <see cref="TranslationResult.Encoded"/> for requests without an output path: ".png", ".jpg", ".bmp", ".tif".</summary>
    public string OutputFormat { get; init; } = ".png";

    /// <summary>JPEG quality, 0 to 100.</summary>
    public int JpegQuality { get; init; } = 95;

    internal void Validate()
    {
        if (DecodeWorkers < 1) throw new ArgumentOutOfRangeException(nameof(DecodeWorkers), DecodeWorkers, "DecodeWorkers must be at least 1");
        if (EncodeWorkers < 1) throw new ArgumentOutOfRangeException(nameof(EncodeWorkers), EncodeWorkers, "EncodeWorkers must be at least 1");
        if (ConcurrentRuns < 1) throw new ArgumentOutOfRangeException(nameof(ConcurrentRuns), ConcurrentRuns, "ConcurrentRuns must be at least 1");
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "QueueCapacity must be at least 1");
        ArgumentNullException.ThrowIfNull(OutputFormat);
        if (JpegQuality is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(JpegQuality), JpegQuality, "JpegQuality must be 0 to 100");
    }
}
