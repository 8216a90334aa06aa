using System.Diagnostics;
using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.OnnxRuntime;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// The model alone: <see cref="InferenceSession.Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string}?, RunOptions?)"/>
/// through our binding on ready NCHW tensors, with the session options a <c>Translator</c> uses (CPU, the given intra-op threads).
/// </summary>
internal sealed class RawOrt : IDisposable
{
    private readonly InferenceSession _session;
    private readonly float[] _input;
    private readonly int _itemLength, _side;

    /// <param name="images">The images batches are made of (cycled), all of one size, already preprocessed as the pipeline would.</param>
    public RawOrt(string modelPath, int threads, IReadOnlyList<Mat> images, int maxBatch)
    {
        using (var options = new SessionOptions { IntraOpNumThreads = threads })
        {
            options.SelectExecutionProvider(ExecutionProviderChoice.Cpu);
            _session = new InferenceSession(modelPath, options);
        }
        _side = images[0].Width;
        _itemLength = ImageTensor.ElementCount(images[0]);
        _input = new float[maxBatch * _itemLength];
        for (int k = 0; k < maxBatch; k++)
            ImageTensor.ToChw(images[k % images.Count], _input.AsSpan(k * _itemLength, _itemLength));
    }

    /// <summary>Seconds of one model run at <paramref name="batch"/>.</summary>
    public double RunSeconds(int batch)
    {
        using var x = OrtValue.CreateTensor(new Memory<float>(_input, 0, batch * _itemLength), [batch, 3, _side, _side]);
        var clock = Stopwatch.StartNew();
        using RunResults outputs = _session.Run(["input"], [x], ["output"]);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The model's output for the first image, CHW.</summary>
    public float[] FirstOutput()
    {
        using var x = OrtValue.CreateTensor(new Memory<float>(_input, 0, _itemLength), [1, 3, _side, _side]);
        using RunResults outputs = _session.Run(["input"], [x], ["output"]);
        return outputs[0].GetTensorData<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
