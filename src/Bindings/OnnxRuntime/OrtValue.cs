namespace Pix2Pix.OnnxRuntime;

/// <summary>
/// A tensor owned by ONNX Runtime or wrapping caller memory. A wrapping value keeps that memory pinned until it is
/// disposed, and spans it returns point at the tensor's storage: use them only while the value is alive.
/// </summary>
public sealed class OrtValue : IDisposable
{
    private static readonly Lazy<MemoryInfoHandle> CpuMemory = new(() => new MemoryInfoHandle(NativeMethods.CreateCpuMemoryInfo()));
    private TypeAndShape? _info;

    internal OrtValue(ValueHandle handle) => Handle = handle;

    internal ValueHandle Handle { get; }

    /// <summary>
    /// Wraps <paramref name="data"/> as a tensor without copying; the array is pinned until the value is disposed.
    /// Element types: float, double, Half, sbyte, byte, short, ushort, int, uint, long, ulong, bool.
    /// </summary>
    /// <exception cref="ArgumentException">The shape does not describe exactly <c>data.Length</c> elements.</exception>
    public static OrtValue CreateTensor<T>(T[] data, ReadOnlySpan<long> shape) where T : unmanaged =>
        CreateTensor(new Memory<T>(data ?? throw new ArgumentNullException(nameof(data))), shape);

    /// <inheritdoc cref="CreateTensor{T}(T[], ReadOnlySpan{long})"/>
    public static unsafe OrtValue CreateTensor<T>(Memory<T> data, ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        var count = CountElements(shape);
        if (count != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape.ToArray())}] has {count} elements but the buffer holds {data.Length}.", nameof(shape));
        var pin = data.Pin();
        try
        {
            using var memory = CpuMemory.Value.Use();
            var value = NativeMethods.CreateTensorWithData(memory.Pointer, pin.Pointer, (long)data.Length * sizeof(T), shape, (int)type);
            return new OrtValue(new ValueHandle(value, pin));
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>Creates a tensor whose storage ONNX Runtime allocates (contents undefined until written).</summary>
    public static OrtValue CreateAllocatedTensor<T>(ReadOnlySpan<long> shape) where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        CountElements(shape);
        return new OrtValue(new ValueHandle(NativeMethods.CreateTensor(shape, (int)type)));
    }

    /// <summary>Whether this value is a tensor (model outputs can also be sequences or maps).</summary>
    public bool IsTensor
    {
        get { using var h = Handle.Use(); return NativeMethods.IsTensor(h.Pointer); }
    }

    /// <summary>The tensor's element type.</summary>
    public TensorElementType ElementType => Info.ElementType;

    /// <summary>The tensor's shape (a copy).</summary>
    public long[] Shape => (long[])Info.Shape.Clone();

    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount => CountElements(Info.Shape);

    /// <summary>The tensor's elements; valid while this value is alive.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match <see cref="ElementType"/>.</exception>
    public ReadOnlySpan<T> GetTensorData<T>() where T : unmanaged => GetTensorMutableData<T>();

    /// <summary>The tensor's elements, writable; valid while this value is alive.</summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> does not match <see cref="ElementType"/>.</exception>
    public unsafe Span<T> GetTensorMutableData<T>() where T : unmanaged
    {
        var expected = ElementTypeOf<T>();
        if (ElementType != expected)
            throw new InvalidOperationException($"The tensor holds {ElementType} elements, not {expected} ({typeof(T).Name}).");
        using var h = Handle.Use();
        var count = checked((int)ElementCount);
        return count == 0 ? Span<T>.Empty : new Span<T>(NativeMethods.GetTensorMutableData(h.Pointer), count);
    }

    /// <summary>Releases the native value and unpins wrapped memory; safe to call more than once.</summary>
    public void Dispose() => Handle.Dispose();

    private TypeAndShape Info
    {
        get
        {
            if (_info is { } info) return info;
            using var h = Handle.Use();
            var (type, shape) = NativeMethods.GetTensorTypeAndShape(h.Pointer);
            return _info = new TypeAndShape((TensorElementType)type, shape);
        }
    }

    private sealed record TypeAndShape(TensorElementType ElementType, long[] Shape);

    internal static TensorElementType ElementTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return TensorElementType.Float;
        if (typeof(T) == typeof(byte)) return TensorElementType.UInt8;
        if (typeof(T) == typeof(sbyte)) return TensorElementType.Int8;
        if (typeof(T) == typeof(ushort)) return TensorElementType.UInt16;
        if (typeof(T) == typeof(short)) return TensorElementType.Int16;
        if (typeof(T) == typeof(int)) return TensorElementType.Int32;
        if (typeof(T) == typeof(long)) return TensorElementType.Int64;
        if (typeof(T) == typeof(bool)) return TensorElementType.Bool;
        if (typeof(T) == typeof(Half)) return TensorElementType.Float16;
        if (typeof(T) == typeof(double)) return TensorElementType.Double;
        if (typeof(T) == typeof(uint)) return TensorElementType.UInt32;
        if (typeof(T) == typeof(ulong)) return TensorElementType.UInt64;
        throw new NotSupportedException($"{typeof(T).Name} is not a supported tensor element type.");
    }

    private static long CountElements(ReadOnlySpan<long> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor dimensions must be >= 0; got {d}.", nameof(shape));
            n = checked(n * d);
        }
        return n;
    }

    internal static MemoryInfoHandle CpuMemoryInfo => CpuMemory.Value;
}
