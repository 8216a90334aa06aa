using System.Globalization;
using Pix2Pix.Onnx.Rewrites;
using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>
/// Static int8 quantization of float32 generators in QDQ form for ONNX Runtime's CPU provider: uint8 asymmetric
/// activations (one scale per tensor, from calibration), int8 symmetric weights with one scale per output channel,
/// int32 biases at input scale × weight scale. ONNX Runtime fuses the pairs into QLinearConv, QLinearLeakyRelu and
/// QLinearConcat and absorbs the Relus; the final Tanh stays float.
/// </summary>
public static class Quantizer
{
    /// <summary>Quantizes <paramref name="fp32"/> with ranges measured on <paramref name="calibration"/> (NCHW batches preprocessed like inference inputs).</summary>
    /// <exception cref="ArgumentException">The model is not a single-input float model, is already quantized, or the options are invalid.</exception>
    /// <exception cref="InvalidDataException">No calibration data was given, or it produced non-finite activations.</exception>
    public static ModelProto Quantize(ModelProto fp32, IEnumerable<CalibrationBatch> calibration, QuantizeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fp32);
        ArgumentNullException.ThrowIfNull(calibration);
        var o = options ?? new QuantizeOptions();
        o.Validate();
        CheckFloatModel(fp32);

        var (model, _) = ModelRewrites.ConvTransposeToSubPixel(fp32, o.ConvTransposeAs, forInt8: true);
        var view = new GraphView(model.Graph);
        var plan = QdqPlan.Create(view);
        var (statistics, samples) = Calibrator.Run(model, view, plan.Calibrated, calibration, o);
        if (samples == 0) throw new InvalidDataException("no calibration data: at least one batch is needed");

        var ranges = statistics.ToDictionary(s => s.Key, s =>
        {
            var (low, high) = s.Value.Range(o.Method, o.Percentile);
            return ActivationParams.FromRange(low, high);
        }, StringComparer.Ordinal);
        QdqWriter.Apply(view, plan, ranges, o.ReduceWeightRange ? 63 : 127);

        RaiseOpset(model, 13);
        var method = o.Method == CalibrationMethod.Percentile ? $"percentile {o.Percentile.ToString(CultureInfo.InvariantCulture)}" : "min-max";
        GeneratorMetadata.Set(model, GeneratorMetadata.QuantizationKey,
            $"int8 QDQ: uint8 asymmetric activations per tensor, int8 symmetric weights per output channel{(o.ReduceWeightRange ? " (7-bit)" : "")}; " +
            $"{method} ranges over {samples} calibration samples");
        return model;
    }

    /// <summary>Quantizes <paramref name="fp32"/> calibrated on the images of <paramref name="folder"/> (see <see cref="CalibrationImages"/>).</summary>
    public static ModelProto Quantize(ModelProto fp32, string folder, QuantizeOptions? options = null)
    {
        var o = options ?? new QuantizeOptions();
        o.Validate();
        return Quantize(fp32, CalibrationImages.ForModel(fp32, folder, o), o);
    }

    private static void CheckFloatModel(ModelProto model)
    {
        if (model.Graph is null) throw new ArgumentException("the model has no graph", nameof(model));
        if (model.Graph.Node.Any(n => n.OpType is "QuantizeLinear" or "DequantizeLinear" or "QLinearConv"))
            throw new ArgumentException("the model is already quantized", nameof(model));
        var inputs = model.Graph.Input.Where(v => model.Graph.Initializer.All(t => t.Name != v.Name)).ToList();
        if (inputs.Count != 1 || inputs[0].Type?.TensorType?.ElemType != (int)TensorProto.Types.DataType.Float)
            throw new ArgumentException("the quantizer takes a model with one float32 input (an exported float32 generator)", nameof(model));
        if (model.Graph.Initializer.Any(t => t.DataType == (int)TensorProto.Types.DataType.Float16))
            throw new ArgumentException("the model has float16 weights; quantize the float32 export", nameof(model));
    }

    private static void RaiseOpset(ModelProto model, int minimum)
    {
        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (opset is null) model.OpsetImport.Add(opset = new OperatorSetIdProto { Domain = "", Version = minimum });
        if (opset.Version >= minimum) return;
        opset.Version = minimum;
        model.IrVersion = Math.Max(model.IrVersion, 7);
    }
}
