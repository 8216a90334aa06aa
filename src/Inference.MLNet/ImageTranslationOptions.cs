namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// Options of <see cref="ImageTranslationCatalog.TranslateImages"/>. Names follow ML.NET's <c>ApplyOnnxModel</c>
/// (<see cref="GpuDeviceId"/>, <see cref="FallbackToCpu"/>) where it has one.
/// </summary>
public sealed record ImageTranslationOptions
{
    /// <summary>The exported generator (.onnx, fp32, fp16 or int8). Give this or <see cref="ModelBytes"/>.</summary>
    public string? ModelPath { get; init; }

    /// <summary>The generator's serialized ONNX bytes, instead of <see cref="ModelPath"/>.</summary>
    public byte[]? ModelBytes { get; init; }

    /// <summary>Rows read ahead and translated in one ONNX Runtime call by <c>Transform</c> (a <c>PredictionEngine</c> runs one at a time).</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>The CUDA device to run on, as ML.NET's <c>gpuDeviceId</c>; null runs on the CPU.</summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>
    /// When CUDA was asked for and cannot be used: true runs on the CPU and writes one line to <see cref="Log"/>; false
    /// (the default, as ML.NET's <c>fallbackToCpu</c>) makes <c>Fit</c> throw <see cref="CudaUnavailableException"/>.
    /// </summary>
    public bool FallbackToCpu { get; init; }

    /// <summary>Where notices go (the one line written on falling back to the CPU); null writes nothing.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>How an image whose size is not a multiple of the model's is fitted to it; the output keeps the source size either way.</summary>
    public ResizeMode ResizeMode { get; init; } = ResizeMode.Pad;

    /// <summary>
    /// False (the default): reading the output of a row whose image cannot be read, decoded or translated throws an
    /// <see cref="ImageTranslationException"/> naming the row (the rows before it, even in the same batch, are delivered).
    /// True: such a row gets an empty output and its reason in the error column (<see cref="ErrorColumnName"/>), and
    /// the cursor goes on.
    /// </summary>
    public bool SkipBadRows { get; init; }

    /// <summary>
    /// The text column that receives each row's failure (empty when the row translated) when <see cref="SkipBadRows"/>
    /// is set; null names it "&lt;output column&gt;Error".
    /// </summary>
    public string? ErrorColumnName { get; init; }

    /// <summary>What the output column holds: PNG bytes (the default) or an <c>MLImage</c>.</summary>
    public ImageTranslationOutputKind OutputKind { get; init; } = ImageTranslationOutputKind.Png;

    /// <summary>
    /// The largest image, in pixels (width × height), a row may hold; a larger one is a bad row (see
    /// <see cref="SkipBadRows"/>), refused from its header before it is decoded where the format allows (PNG, JPEG, BMP,
    /// WebP), else right after decoding, and always before the model runs. The default, 8192 × 8192 = 67,108,864
    /// (about 67 megapixels), keeps one image under about 200 MB of 8-bit pixels. 0: no limit of ours (OpenCV's
    /// decoders still refuse more than 2^30 pixels).
    /// </summary>
    public long MaxImagePixels { get; init; } = DefaultMaxImagePixels;

    /// <summary>The default of <see cref="MaxImagePixels"/>: 8192 × 8192.</summary>
    public const long DefaultMaxImagePixels = 8192L * 8192;

    internal TranslatorOptions ToTranslatorOptions() => new()
    {
        BatchSize = BatchSize,
        IntraOpThreads = IntraOpThreads,
        GpuDeviceId = GpuDeviceId,
        FallbackToCpu = FallbackToCpu,
        Log = Log,
        ResizeMode = ResizeMode,
        KeepSourceSize = true,
    };

    internal void Validate()
    {
        if ((ModelPath is null) == (ModelBytes is null))
            throw new ArgumentException("give exactly one of ModelPath and ModelBytes");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be at least 1");
        if (IntraOpThreads < 0) throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads, "IntraOpThreads must be 0 (ONNX Runtime's choice) or positive");
        if (GpuDeviceId < 0) throw new ArgumentOutOfRangeException(nameof(GpuDeviceId), GpuDeviceId, "GpuDeviceId must not be negative");
        if (ErrorColumnName is { Length: 0 }) throw new ArgumentException("ErrorColumnName must not be empty", nameof(ErrorColumnName));
        if (!Enum.IsDefined(OutputKind)) throw new ArgumentOutOfRangeException(nameof(OutputKind), OutputKind, "OutputKind must be Png or Image");
        if (MaxImagePixels < 0) throw new ArgumentOutOfRangeException(nameof(MaxImagePixels), MaxImagePixels, "MaxImagePixels must be 0 (no limit) or positive");
    }
}
