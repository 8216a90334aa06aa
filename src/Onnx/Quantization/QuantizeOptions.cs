namespace Pix2Pix.Onnx.Quantization;

/// <summary>How activation ranges are estimated from the calibration data.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen.</summary>
    MinMax,

    /// <summary>
    /// Clip the outer <c>(100 − Percentile)/2</c> percent on each side of the histogram of all values seen, so rare
    /// outliers do not stretch the 256 levels.
    /// </summary>
    Percentile,
}

/// <summary>Options of <see cref="Quantizer"/>.</summary>
public sealed record QuantizeOptions
{
    /// <summary>Range estimation for activations; <see cref="CalibrationMethod.Percentile"/> by default.</summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.Percentile;

    /// <summary>Kept share of the values in percent, for <see cref="CalibrationMethod.Percentile"/>; 99.99 by default; (50, 100].</summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>
    /// Form given to ConvTranspose k4 s2 p1 nodes before quantizing. ONNX Runtime's CPU provider runs ConvTranspose
    /// in float even between QDQ pairs, so every form but <see cref="ConvTransposeForm.ConvTranspose"/> rewrites them to
    /// convolutions it runs as QLinearConv; <see cref="ConvTransposeForm.Auto"/> (default) gives narrow layers the
    /// single sub-pixel convolution and the others four phase convolutions.
    /// </summary>
    public ConvTransposeForm ConvTransposeAs { get; init; } = DefaultConvTransposeForm;

    /// <summary>Quantize weights to [−63, 63] instead of [−127, 127] (for CPUs without VNNI, where u8×s8 products can saturate).</summary>
    public bool ReduceWeightRange { get; init; }

    /// <summary>Calibration images taken from a folder at most; 64 by default.</summary>
    public int MaxImages { get; init; } = 64;

    /// <summary>Side of the square calibration images; null: 256 rounded up to the model's <c>size_multiple</c>.</summary>
    public int? ImageSize { get; init; }

    /// <summary>
    /// Folder images are aligned pairs (A|B side by side, as for training); the calibration input is the half the
    /// model's <c>direction</c> metadata names as input (A for AtoB). False by default: every image is an input.
    /// </summary>
    public bool AlignedPairs { get; init; }

    /// <summary>ONNX Runtime intra-op threads for the calibration runs; 0 (default) lets ONNX Runtime choose.</summary>
    public int Threads { get; init; }

    /// <summary>The form ConvTranspose k4 s2 p1 gets by default (the fastest under int8 on CPU as measured; see docs/quantization.md).</summary>
    public const ConvTransposeForm DefaultConvTransposeForm = ConvTransposeForm.Auto;

    internal void Validate()
    {
        if (!(Percentile > 50 && Percentile <= 100))
            throw new ArgumentOutOfRangeException(nameof(Percentile), Percentile, "the percentile must be in (50, 100]");
        if (MaxImages < 1) throw new ArgumentOutOfRangeException(nameof(MaxImages), MaxImages, "at least one calibration image is needed");
        if (ImageSize is < 1) throw new ArgumentOutOfRangeException(nameof(ImageSize), ImageSize, "the calibration image size must be positive");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "thread count cannot be negative");
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "unknown calibration method");
        if (!Enum.IsDefined(ConvTransposeAs)) throw new ArgumentOutOfRangeException(nameof(ConvTransposeAs), ConvTransposeAs, "unknown ConvTranspose form");
    }
}
