using Google.Protobuf;
using Pix2Pix.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>
/// Runs the float model in ONNX Runtime on the calibration inputs, with every tensor to be calibrated added as an
/// extra graph output of a copy of the model, and gathers each tensor's statistics.
/// </summary>
internal static class Calibrator
{
    public static (Dictionary<string, TensorStatistics> Statistics, int Samples) Run(
        ModelProto model, GraphView view, IReadOnlyList<string> tensors, IEnumerable<CalibrationBatch> batches, QuantizeOptions o)
    {
        var input = view.Inputs.Single();
        var histogram = o.Method == CalibrationMethod.Percentile;
        var statistics = tensors.ToDictionary(t => t, _ => new TensorStatistics(histogram), StringComparer.Ordinal);
        var fetched = tensors.Where(t => !view.Inputs.Contains(t)).ToList();

        var augmented = model.Clone();
        foreach (var t in fetched.Where(t => !view.Outputs.Contains(t)))
            augmented.Graph.Output.Add(new ValueInfoProto
            {
                Name = t,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });

        using var sessionOptions = new SessionOptions { IntraOpNumThreads = o.Threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED };
        using var session = new InferenceSession(augmented.ToByteArray(), sessionOptions);
        using var runOptions = new RunOptions();
        var channels = session.InputMetadata[session.InputNames[0]].Dimensions is [_, var c and > 0, ..] ? c : -1;
        string[] inputNames = [input];

        var samples = 0;
        foreach (var batch in batches)
        {
            if (channels > 0 && batch.Shape[1] != channels)
                throw new ArgumentException($"calibration batch {samples + 1} has {batch.Shape[1]} channels; the model takes {channels}");
            using var x = OrtValue.CreateTensorValueFromMemory(batch.Values, batch.Shape);
            using (var outputs = session.Run(runOptions, inputNames, [x], fetched))
                for (var i = 0; i < fetched.Count; i++) statistics[fetched[i]].Add(outputs[i].GetTensorDataAsSpan<float>());
            if (statistics.TryGetValue(input, out var inputStatistics)) inputStatistics.Add(batch.Values);
            samples += (int)batch.Shape[0];
        }
        return (statistics, samples);
    }
}
