namespace Pix2Pix.Onnx.Rewrites;

/// <summary>Rewrites of exported (or any float32) ONNX models; each returns a new model and leaves its argument unchanged.</summary>
public static class ModelRewrites
{
    /// <summary>
    /// Replaces every ConvTranspose with kernel 4, stride 2, padding 1, group 1 and constant weights by the exact
    /// convolutional <paramref name="form"/> (<see cref="ConvTransposeForm.Auto"/> keeps narrow layers as they are);
    /// other nodes are kept. Returns the new model and how many nodes were rewritten.
    /// </summary>
    /// <exception cref="ArgumentException">The model's default-domain opset is below 11 (DepthToSpace needs its mode attribute).</exception>
    public static (ModelProto Model, int Rewritten) ConvTransposeToSubPixel(ModelProto model, ConvTransposeForm form)
        => ConvTransposeToSubPixel(model, form, forInt8: false);

    /// <summary>
    /// As the public overload; <paramref name="forInt8"/> makes <see cref="ConvTransposeForm.Auto"/> rewrite narrow layers too,
    /// and first puts sunk skip Relus back onto their Concats (<see cref="SkipRelus.Raise"/>), where an int8 Concat absorbs them.
    /// </summary>
    internal static (ModelProto Model, int Rewritten) ConvTransposeToSubPixel(ModelProto model, ConvTransposeForm form, bool forInt8)
    {
        ArgumentNullException.ThrowIfNull(model);
        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;
        if (form != ConvTransposeForm.ConvTranspose && opset < 11)
            throw new ArgumentException($"the sub-pixel rewrite needs opset 11 or newer, the model has {opset}", nameof(model));
        var copy = model.Clone();
        if (forInt8) SkipRelus.Raise(copy.Graph);
        var sizeMultiple = GeneratorMetadata.Read(copy, copy.Graph?.Name ?? "model").SizeMultiple;
        var count = SubPixelRewrite.Apply(copy.Graph, form, forInt8, sizeMultiple);
        if (count > 0) GeneratorMetadata.Set(copy, GeneratorMetadata.ConvTransposeAsKey, form.ToString());
        return (copy, count);
    }

    /// <summary>
    /// Converts float32 weights and computation to float16. With <paramref name="float16Io"/> false the graph keeps
    /// float32 inputs and outputs and converts at both ends with Cast nodes.
    /// </summary>
    public static ModelProto ToFloat16(ModelProto model, bool float16Io = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var copy = model.Clone();
        Float16Conversion.Apply(copy, float16Io);
        copy.DocString = (copy.DocString + (float16Io
            ? " Weights and computation are float16, and so are the input and output (not float32)."
            : " Weights and computation are float16; the input and output stay float32 (Cast nodes).")).TrimStart();
        GeneratorMetadata.Set(copy, GeneratorMetadata.PrecisionKey, float16Io ? "float16 (float16 input and output)" : "float16 (float32 input and output)");
        return copy;
    }

    /// <summary>
    /// Wraps a generator with 3 input channels so that one flat float vector carries an image of any size in and out
    /// (<c>[h, w, RGB planes in [-1, 1]]</c> → <c>[h, w, output planes]</c>), for hosts that allow one unknown dimension such
    /// as ML.NET's <c>OnnxTransformer</c>. The graph reflect-pads to <paramref name="sizeMultiple"/> (at least
    /// <paramref name="minSide"/>) as the inference library's Translator does and cuts the padding off the output.
    /// Input and output are named <see cref="PackedInputName"/> and <see cref="PackedOutputName"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The model is not a single-input float32 NCHW generator with 3 input channels, or its opset is below 11.</exception>
    public static ModelProto ToPackedImageIo(ModelProto model, int sizeMultiple, int minSide) => PackedImageIo.Wrap(model, sizeMultiple, minSide);

    /// <summary>The input of <see cref="ToPackedImageIo"/>'s graph.</summary>
    public const string PackedInputName = PackedImageIo.InputName;

    /// <summary>The output of <see cref="ToPackedImageIo"/>'s graph.</summary>
    public const string PackedOutputName = PackedImageIo.OutputName;
}
