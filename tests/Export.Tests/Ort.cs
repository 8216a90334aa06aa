using Pix2Pix.OnnxRuntime;
using Pix2Pix.Onnx;
using Google.Protobuf;

namespace Pix2Pix.Export.Tests;

/// <summary>Runs exported models in ONNX Runtime with one thread.</summary>
internal static class Ort
{
    public static InferenceSession Open(ModelProto model, GraphOptimizationLevel level = GraphOptimizationLevel.All)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = level };
        return new InferenceSession(model.ToByteArray(), options);
    }

    public static (float[] Values, long[] Shape) Run(InferenceSession session, float[] input, long[] shape)
    {
        using var x = OrtValue.CreateTensor(input, shape);
        using var outputs = session.Run([OnnxExporter.InputName], [x]);
        var y = outputs[OnnxExporter.OutputName];
        return (y.GetTensorData<float>().ToArray(), y.Shape);
    }
}

internal static class Close
{
    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (var i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs((double)a[i] - b[i]));
        return worst;
    }

    public static double StandardDeviation(ReadOnlySpan<float> values)
    {
        double sum = 0, squares = 0;
        foreach (var v in values) { sum += v; squares += (double)v * v; }
        var mean = sum / values.Length;
        return Math.Sqrt(Math.Max(0, squares / values.Length - mean * mean));
    }
}
