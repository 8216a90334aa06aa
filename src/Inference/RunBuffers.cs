using Microsoft.ML.OnnxRuntime;

namespace Pix2Pix.Inference;

/// <summary>
/// The input and output of one model run in flight: float arrays pinned under ONNX Runtime tensors and kept from run
/// to run, so that a stream of same-size batches allocates nothing. A new shape re-creates the tensors (over the same
/// arrays while they are large enough). Used by one run at a time.
/// </summary>
internal sealed class RunBuffers : IDisposable
{
    private float[] _input = [], _output = [];
    private OrtValue? _inputValue, _outputValue;
    private (int N, int C, int H, int W) _inputShape, _outputShape;

    /// <summary>The input tensor, for <c>InferenceSession.Run</c>.</summary>
    public OrtValue[] Inputs { get; } = new OrtValue[1];

    /// <summary>The output tensor, for <c>InferenceSession.Run</c>.</summary>
    public OrtValue[] Outputs { get; } = new OrtValue[1];

    /// <summary>The input's floats (NCHW) of the shape last set.</summary>
    public Span<float> Input => _input.AsSpan(0, Length(_inputShape));

    /// <summary>The output's floats (NCHW) of the shape last set.</summary>
    public Span<float> Output => _output.AsSpan(0, Length(_outputShape));

    /// <summary>The input shape last set.</summary>
    public (int N, int C, int H, int W) InputShape => _inputShape;

    /// <summary>Makes <see cref="Inputs"/> an [n, c, h, w] tensor over the input floats.</summary>
    public void SetInputShape(int n, int c, int h, int w) =>
        Reshape((n, c, h, w), ref _inputShape, ref _input, ref _inputValue, Inputs);

    /// <summary>Makes <see cref="Outputs"/> an [n, c, h, w] tensor over the output floats.</summary>
    public void SetOutputShape(int n, int c, int h, int w) =>
        Reshape((n, c, h, w), ref _outputShape, ref _output, ref _outputValue, Outputs);

    private static void Reshape((int N, int C, int H, int W) shape, ref (int N, int C, int H, int W) current, ref float[] data,
                                ref OrtValue? value, OrtValue[] slot)
    {
        if (value is not null && shape == current) return;
        value?.Dispose();
        value = null;
        int length = Length(shape);
        if (data.Length < length) data = GC.AllocateUninitializedArray<float>(length);
        value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(data, 0, length),
                                                     [shape.N, shape.C, shape.H, shape.W]);
        current = shape;
        slot[0] = value;
    }

    private static int Length((int N, int C, int H, int W) s) => checked(s.N * s.C * s.H * s.W);

    /// <summary>Releases both tensors (and unpins the arrays).</summary>
    public void Dispose()
    {
        _inputValue?.Dispose();
        _outputValue?.Dispose();
        _inputValue = _outputValue = null;
    }
}
