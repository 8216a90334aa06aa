#pragma warning disable CS8981
namespace Pix2Pix.Torch;

public static partial class torch
{
    /// <summary>A tensor of zeros.</summary>
    public static unsafe Tensor zeros(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape) return Tensor.From(TorchException.Check(Native.p2p_zeros(p, shape.Length, (int)dtype, (int)d.Type, d.Index, requires_grad ? 1 : 0), d));
    }

    /// <summary>A tensor of ones.</summary>
    public static unsafe Tensor ones(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape) return Tensor.From(TorchException.Check(Native.p2p_ones(p, shape.Length, (int)dtype, (int)d.Type, d.Index, requires_grad ? 1 : 0), d));
    }

    /// <summary>An uninitialized tensor.</summary>
    public static unsafe Tensor empty(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape) return Tensor.From(TorchException.Check(Native.p2p_empty(p, shape.Length, (int)dtype, (int)d.Type, d.Index, requires_grad ? 1 : 0), d));
    }

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static unsafe Tensor full(long[] shape, double value, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape) return Tensor.From(TorchException.Check(Native.p2p_full(p, shape.Length, value, (int)dtype, (int)d.Type, d.Index, requires_grad ? 1 : 0), d));
    }

    /// <summary>Samples of U[0, 1) from the default generator.</summary>
    public static unsafe Tensor rand(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape) return Tensor.From(TorchException.Check(Native.p2p_rand(p, shape.Length, (int)dtype, (int)d.Type, d.Index, requires_grad ? 1 : 0), d));
    }

    /// <summary>Samples of N(0, 1) from the default generator.</summary>
    public static unsafe Tensor randn(long[] shape, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape) return Tensor.From(TorchException.Check(Native.p2p_randn(p, shape.Length, (int)dtype, (int)d.Type, d.Index, requires_grad ? 1 : 0), d));
    }

    /// <summary>A float32 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(ReadOnlySpan<float> data, long[] shape, Device? device = null, bool requires_grad = false) =>
        FromData(data, shape, ScalarType.Float32, device, requires_grad);

    /// <summary>A float64 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(ReadOnlySpan<double> data, long[] shape, Device? device = null, bool requires_grad = false) =>
        FromData(data, shape, ScalarType.Float64, device, requires_grad);

    /// <summary>An int64 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor tensor(ReadOnlySpan<long> data, long[] shape, Device? device = null, bool requires_grad = false) =>
        FromData(data, shape, ScalarType.Int64, device, requires_grad);

    /// <summary>The tensors joined along existing dimension <paramref name="dim"/>.</summary>
    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim) =>
        WithHandles(tensors, (p, n) => Native.p2p_cat(p, n, dim));

    /// <summary>The tensors joined along a new dimension <paramref name="dim"/>.</summary>
    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim) =>
        WithHandles(tensors, (p, n) => Native.p2p_stack(p, n, dim));

    private static unsafe Tensor FromData<T>(ReadOnlySpan<T> data, long[] shape, ScalarType dtype, Device? device, bool requiresGrad)
        where T : unmanaged
    {
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} were given.", nameof(data));
        var d = device ?? Device.CPU;
        fixed (T* src = data)
        fixed (long* p = shape)
            return Tensor.From(TorchException.Check(Native.p2p_from_data(src, p, shape.Length, (int)dtype, (int)d.Type, d.Index, requiresGrad ? 1 : 0), d));
    }

    private unsafe delegate nint ListOp(nint* handles, long n);

    private static unsafe Tensor WithHandles(IReadOnlyList<Tensor> tensors, ListOp op)
    {
        using var handles = new HandleList(tensors);
        fixed (nint* p = handles.Pointers) return Tensor.From(op(p, handles.Pointers.Length));
    }
}
