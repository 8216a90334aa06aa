using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Pix2Pix.Export;
using Pix2Pix.Onnx;

namespace Pix2Pix.Tests.Shared;

/// <summary>Runs exported models in ONNX Runtime (the official C# API) with one thread.</summary>
internal static class Ort
{
    public static InferenceSession Open(ModelProto model, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = level };
        return new InferenceSession(model.ToByteArray(), options);
    }

    /// <summary>The output's values and shape.</summary>
    public static (float[] Values, long[] Shape) RunWithShape(InferenceSession session, float[] input, long[] shape)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [OnnxExporter.InputName], [x], [OnnxExporter.OutputName]);
        var y = outputs[0];
        return (y.GetTensorDataAsSpan<float>().ToArray(), y.GetTensorTypeAndShape().Shape);
    }

    public static float[] Run(InferenceSession session, float[] input, long[] shape) => RunWithShape(session, input, shape).Values;

    public static float[] Run(ModelProto model, float[] input, long[] shape)
    {
        using var session = Open(model);
        return Run(session, input, shape);
    }
}
