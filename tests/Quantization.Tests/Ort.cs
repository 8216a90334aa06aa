using Google.Protobuf;
using Pix2Pix.Export;
using Pix2Pix.Onnx;
using Pix2Pix.OnnxRuntime;

namespace Pix2Pix.Quantization.Tests;

/// <summary>Runs models in ONNX Runtime with one thread.</summary>
internal static class Ort
{
    public static InferenceSession Open(ModelProto model, GraphOptimizationLevel level = GraphOptimizationLevel.All)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = level };
        return new InferenceSession(model.ToByteArray(), options);
    }

    public static float[] Run(InferenceSession session, float[] input, long[] shape)
    {
        using var x = OrtValue.CreateTensor(input, shape);
        using var outputs = session.Run([OnnxExporter.InputName], [x]);
        return outputs[OnnxExporter.OutputName].GetTensorData<float>().ToArray();
    }

    public static float[] Run(ModelProto model, float[] input, long[] shape)
    {
        using var session = Open(model);
        return Run(session, input, shape);
    }
}

internal static class Compare
{
    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double worst = 0;
        for (var i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs((double)a[i] - b[i]));
        return worst;
    }

    /// <summary>PSNR in dB of two images in [−1, 1] (peak-to-peak 2).</summary>
    public static double Psnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double squares = 0;
        for (var i = 0; i < a.Length; i++) squares += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
        var mse = squares / a.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(4 / mse);
    }

    public static double StandardDeviation(ReadOnlySpan<float> values)
    {
        double sum = 0, squares = 0;
        foreach (var v in values) { sum += v; squares += (double)v * v; }
        var mean = sum / values.Length;
        return Math.Sqrt(Math.Max(0, squares / values.Length - mean * mean));
    }
}
