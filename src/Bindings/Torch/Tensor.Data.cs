namespace Pix2Pix.Torch;

public sealed partial class Tensor
{
    /// <summary>All elements as float32, row-major (a copy; converts and moves to the host as needed).</summary>
    public float[] data_float() => CopyOut<float>(ScalarType.Float32);

    /// <summary>All elements as float64, row-major (a copy).</summary>
    public double[] data_double() => CopyOut<double>(ScalarType.Float64);

    /// <summary>All elements as int64, row-major (a copy).</summary>
    public long[] data_long() => CopyOut<long>(ScalarType.Int64);

    /// <summary>Copies all elements as float32, row-major, into <paramref name="dst"/>, whose length must equal <see cref="numel"/>.</summary>
    public void CopyTo(Span<float> dst) => CopyOut(ScalarType.Float32, dst);

    /// <summary>The single element, as double.</summary>
    public unsafe double item()
    {
        double v;
        TorchException.Check(Native.p2p_tensor_item(Handle, &v));
        return v;
    }

    private T[] CopyOut<T>(ScalarType type) where T : unmanaged
    {
        var result = new T[numel()];
        CopyOut<T>(type, result);
        return result;
    }

    private unsafe void CopyOut<T>(ScalarType type, Span<T> dst) where T : unmanaged
    {
        fixed (T* p = dst) TorchException.Check(Native.p2p_tensor_copy_out(Handle, (int)type, p, dst.Length));
    }
}
