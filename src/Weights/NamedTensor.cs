namespace Pix2Pix.Weights;

/// <summary>
/// A named, dense, row-major tensor held as little-endian bytes: the unit of every checkpoint format here.
/// Equality compares name, dtype, shape and bytes.
/// </summary>
public sealed record NamedTensor
{
    /// <summary>Creates a tensor; <paramref name="data"/> must hold exactly numel × element size bytes.</summary>
    public NamedTensor(string name, DType dtype, long[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (!Enum.IsDefined(dtype))
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype");
        long count = CountElements(shape);
        if (count * dtype.ElementSize() != data.LongLength)
            throw new ArgumentException(
                $"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtype} needs {count * dtype.ElementSize()} bytes, got {data.LongLength}",
                nameof(data));
        Name = name;
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>The key, e.g. "model.model.0.weight".</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public DType DType { get; }

    /// <summary>Dimensions; empty for a scalar.</summary>
    public long[] Shape { get; }

    /// <summary>Contiguous little-endian element bytes.</summary>
    public byte[] Data { get; }

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Data.LongLength / DType.ElementSize();

    /// <summary>The same tensor under another name (the data is shared, not copied).</summary>
    public NamedTensor WithName(string name) => new(name, DType, Shape, Data);

    /// <summary>Elements converted to float32 (bool gives 0/1).</summary>
    public float[] ToFloat32() => ElementConversion.ToFloat32(DType, Data);

    /// <summary>Elements converted to float64 (bool gives 0/1).</summary>
    public double[] ToFloat64() => ElementConversion.ToFloat64(DType, Data);

    /// <summary>Elements converted to int64; floating-point values are truncated toward zero.</summary>
    public long[] ToInt64() => ElementConversion.ToInt64(DType, Data);

    /// <summary>A float32 tensor from values in row-major order.</summary>
    public static NamedTensor FromFloat32(string name, long[] shape, float[] data) =>
        new(name, DType.F32, shape, ElementConversion.ToBytes<float>(data));

    /// <summary>A float64 tensor from values in row-major order.</summary>
    public static NamedTensor FromFloat64(string name, long[] shape, double[] data) =>
        new(name, DType.F64, shape, ElementConversion.ToBytes<double>(data));

    /// <summary>An int64 tensor from values in row-major order.</summary>
    public static NamedTensor FromInt64(string name, long[] shape, long[] data) =>
        new(name, DType.I64, shape, ElementConversion.ToBytes<long>(data));

    /// <summary>Product of the dimensions; throws for a negative dimension or an overflow.</summary>
    public static long CountElements(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (long dim in shape)
        {
            if (dim < 0)
                throw new ArgumentException($"negative dimension in shape [{string.Join(", ", shape)}]", nameof(shape));
            count = checked(count * dim);
        }
        return count;
    }

    /// <inheritdoc />
    public bool Equals(NamedTensor? other) =>
        other is not null
        && Name == other.Name
        && DType == other.DType
        && Shape.AsSpan().SequenceEqual(other.Shape)
        && Data.AsSpan().SequenceEqual(other.Data);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, DType, Shape.Length, Data.Length);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {DType}[{string.Join(", ", Shape)}]";
}
