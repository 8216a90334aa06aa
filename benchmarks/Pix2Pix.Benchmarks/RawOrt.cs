using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// The model alone: ONNX Runtime's <c>InferenceSession.Run</c> on ready NCHW tensors, pinned and pre-allocated (input and
/// output, one pair per batch size), with the session options a <c>Translator</c> uses (CPU, the given intra-op threads).
/// </summary>
internal sealed class RawOrt : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _input;
    private readonly int _itemLength, _side;
    private readonly string[] _inputNames = ["input"], _outputNames = ["output"];
    private readonly Dictionary<int, (OrtValue[] Inputs, OrtValue[] Outputs, float[] Output)> _tensors = [];

    /// <param name="images">The images batches are made of (cycled), all of one size, already preprocessed as the pipeline would.</param>
    public RawOrt(string modelPath, int threads, IReadOnlyList<Mat> images, int maxBatch)
    {
        using (var options = new SessionOptions { IntraOpNumThreads = threads })
            _session = new InferenceSession(modelPath, options);
        _side = images[0].Width;
        _itemLength = ImageTensor.ElementCount(images[0]);
        _input = new float[maxBatch * _itemLength];
        for (int k = 0; k < maxBatch; k++)
            ImageTensor.ToChw(images[k % images.Count], _input.AsSpan(k * _itemLength, _itemLength));
    }

    /// <summary>Seconds of one model run at <paramref name="batch"/>.</summary>
    public double RunSeconds(int batch)
    {
        var (inputs, outputs, _) = Tensors(batch);
        var clock = Stopwatch.StartNew();
        _session.Run(_runOptions, _inputNames, inputs, _outputNames, outputs);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The model's output for the first image, CHW.</summary>
    public float[] FirstOutput()
    {
        var (inputs, outputs, output) = Tensors(1);
        _session.Run(_runOptions, _inputNames, inputs, _outputNames, outputs);
        return output.ToArray();
    }

    private (OrtValue[] Inputs, OrtValue[] Outputs, float[] Output) Tensors(int batch)
    {
        if (_tensors.TryGetValue(batch, out var t)) return t;
        long[] shape = [batch, 3, _side, _side];
        var output = new float[batch * _itemLength];
        t = ([OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(_input, 0, batch * _itemLength), shape)],
             [OrtValue.CreateTensorValueFromMemory(output, shape)], output);
        _tensors[batch] = t;
        return t;
    }

    public void Dispose()
    {
        foreach (var (inputs, outputs, _) in _tensors.Values)
        {
            inputs[0].Dispose();
            outputs[0].Dispose();
        }
        _runOptions.Dispose();
        _session.Dispose();
    }
}
