namespace Pix2Pix.Inference;

/// <summary>How an image whose size is not a multiple of the model's <see cref="ModelInfo.SizeMultiple"/> is fitted to it.</summary>
public enum ResizeMode
{
    /// <summary>Reflect-pad the right and bottom edges up to the multiple; the padding is cut off the output.</summary>
    Pad,

    /// <summary>Resize to the nearest multiple; the output is resized back when <see cref="TranslatorOptions.KeepSourceSize"/> is set.</summary>
    Resize,
}

/// <summary>Options of a <see cref="Translator"/>.</summary>
public sealed record TranslatorOptions
{
    /// <summary>Images (or tiles) per model run. Models with a fixed batch dimension use theirs.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Extra ONNX Runtime session configuration entries (keys from onnxruntime_session_options_config_keys.h), for
    /// example <c>session.intra_op.allow_spinning = 0</c>; applied after the options above.
    /// </summary>
    public IReadOnlyDictionary<string, string> SessionConfig { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The CUDA device to run on (ML.NET's <c>gpuDeviceId</c>); null runs on the CPU. CUDA needs the default
    /// <c>OnnxRuntimePackage=gpu</c> build, CUDA 13 and cuDNN 9 on the machine (untested: no GPU was available).
    /// </summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>
    /// When CUDA was asked for and cannot be used: true runs on the CPU provider and writes one line saying why to
    /// <see cref="Log"/> (also in <see cref="Translator.FallbackReason"/>); false (the default, as ML.NET's
    /// <c>fallbackToCpu</c>) throws <see cref="CudaUnavailableException"/>.
    /// </summary>
    public bool FallbackToCpu { get; init; }

    /// <summary>Where the translator writes its notices (one line when it falls back to the CPU); null writes nothing.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>How images are fitted to the model's size multiple.</summary>
    public ResizeMode ResizeMode { get; init; } = ResizeMode.Pad;

    /// <summary>
    /// In <see cref="ResizeMode.Resize"/> mode, resize the output back to the source size (true) or return it at the
    /// size the model worked at (false). <see cref="ResizeMode.Pad"/> always cuts its padding off.
    /// </summary>
    public bool KeepSourceSize { get; init; } = true;

    /// <summary>Edge of the square tiles large images are cut into; a multiple of the model's size multiple.</summary>
    public int TileSize { get; init; } = 512;

    /// <summary>
    /// Pixels shared by neighbouring tiles (less than half of <see cref="TileSize"/>). The outer quarter of the overlap on each
    /// side of a seam is ignored (the tile's edge pixels see padding, not the image) and the middle half is cross-faded
    /// with a cosine ramp.
    /// </summary>
    public int TileOverlap { get; init; } = 32;

    /// <summary>Images with more pixels than this are translated tile by tile, at their own resolution.</summary>
    public long MaxPixelsBeforeTiling { get; init; } = 2048L * 2048;

    internal void Validate()
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1");
        if (IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be 0 (ONNX Runtime's choice) or positive");
        ArgumentNullException.ThrowIfNull(SessionConfig);
        if (GpuDeviceId < 0) throw new ArgumentOutOfRangeException(nameof(GpuDeviceId), GpuDeviceId, "GpuDeviceId must not be negative");
        if (!Enum.IsDefined(ResizeMode)) throw new ArgumentOutOfRangeException(nameof(ResizeMode), ResizeMode, null);
        if (TileSize < 1) throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "TileSize must be positive");
        if (TileOverlap < 0 || 2 * TileOverlap >= TileSize)
            throw new ArgumentOutOfRangeException(nameof(TileOverlap), TileOverlap, $"TileOverlap must be at least 0 and less than half of TileSize ({TileSize})");
        if (MaxPixelsBeforeTiling < 1) throw new ArgumentOutOfRangeException(nameof(MaxPixelsBeforeTiling), MaxPixelsBeforeTiling, "MaxPixelsBeforeTiling must be positive");
    }
}
