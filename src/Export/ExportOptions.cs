using Pix2Pix.Onnx;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Export;

/// <summary>How a generator is written to ONNX and what provenance goes into the model's metadata.</summary>
public sealed record ExportOptions
{
    /// <summary>Lowest opset the exporter writes.</summary>
    public const int MinOpset = 11;

    /// <summary>Highest opset the exporter writes (the newest that python onnx 1.12's checker validates).</summary>
    public const int MaxOpset = 17;

    /// <summary>ONNX opset of the default domain, <see cref="MinOpset"/>…<see cref="MaxOpset"/>; 13 by default.</summary>
    public int Opset { get; init; } = 13;

    /// <summary>
    /// Fold every eval-mode BatchNorm into the convolution before it (computed in float64, stored as float32)
    /// instead of emitting BatchNormalization nodes. True by default.
    /// </summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>
    /// How stride-2 4×4 pad-1 transposed convolutions (the U-Net decoder) are written; other transposed convolutions
    /// always stay <c>ConvTranspose</c>. <see cref="ConvTransposeForm.Auto"/> by default: exact to float32 rounding
    /// and the fastest float32 form on ONNX Runtime's CPU provider (docs/export.md).
    /// <see cref="ConvTransposeForm.ConvTranspose"/> keeps the plain operator.
    /// </summary>
    public ConvTransposeForm ConvTransposeAs { get; init; } = ConvTransposeForm.Auto;

    /// <summary>Element type of the weights and of the computation; <see cref="ExportPrecision.Float32"/> by default.</summary>
    public ExportPrecision Precision { get; init; } = ExportPrecision.Float32;

    /// <summary>
    /// With <see cref="ExportPrecision.Float16"/>: true keeps float16 graph input and output; false (default) keeps them
    /// float32 and converts with Cast nodes at both ends, so callers feed and read float32 as with a float32 model.
    /// </summary>
    public bool Float16Io { get; init; }

    /// <summary>The options the generator was trained with, stored as JSON in the metadata; null for bare weights.</summary>
    public TrainOptions? Training { get; init; }

    /// <summary>Which side of a pair the model takes as input; null means the training options' direction, else AtoB.</summary>
    public Direction? Direction { get; init; }

    /// <summary>The direction written to the metadata.</summary>
    public Direction EffectiveDirection => Direction ?? Training?.Data.Direction ?? Pix2Pix.Training.Options.Direction.AtoB;
}
