using Google.Protobuf;
using Pix2Pix.Export;
using Pix2Pix.Onnx;
using Pix2Pix.OnnxRuntime;

namespace Pix2Pix.Tests.Shared;

/// <summary>Runs exported models in ONNX Runtime with one thread.</summary>
internal static class Ort
{
    public static InferenceSession Open(ModelProto model, GraphOptimizationLevel level = GraphOptimizationLevel.All)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = level };
        return new InferenceSession(model.ToByteArray(), options);
    }

    /// <summary>The output's values and shape.</summary>
    public static (float[] Values, long[] Shape) RunWithShape(InferenceSession session, float[] input, long[] shape)
    {
        using var x = OrtValue.CreateTensor(input, shape);
        using var outputs = session.Run([OnnxExporter.InputName], [x]);
        var y = outputs[OnnxExporter.OutputName];
        return (y.GetTensorData<float>().ToArray(), y.Shape);
    }

    public static float[] Run(InferenceSession session, float[] input, long[] shape) => RunWithShape(session, input, shape).Values;

    public static float[] Run(ModelProto model, float[] input, long[] shape)
    {
        using var session = Open(model);
        return Run(session, input, shape);
    }
}
