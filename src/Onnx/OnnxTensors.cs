using System.Buffers.Binary;
using Google.Protobuf;
using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx;

/// <summary>Builds initializer tensors (little-endian <c>raw_data</c>) and node attributes.</summary>
internal static class OnnxTensors
{
    public static TensorProto Float(string name, long[] dims, ReadOnlySpan<float> values)
    {
        CheckCount(name, dims, values.Length);
        var bytes = new byte[checked(values.Length * sizeof(float))];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return Tensor(name, dims, TensorProto.Types.DataType.Float, bytes);
    }

    public static TensorProto Int64(string name, long[] dims, ReadOnlySpan<long> values)
    {
        CheckCount(name, dims, values.Length);
        var bytes = new byte[checked(values.Length * sizeof(long))];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        return Tensor(name, dims, TensorProto.Types.DataType.Int64, bytes);
    }

    public static TensorProto Float16(string name, long[] dims, ReadOnlySpan<float> values)
    {
        CheckCount(name, dims, values.Length);
        var bytes = new byte[checked(values.Length * 2)];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), ToHalf(values[i]));
        return Tensor(name, dims, TensorProto.Types.DataType.Float16, bytes);
    }

    public static TensorProto Int8(string name, long[] dims, ReadOnlySpan<sbyte> values)
    {
        CheckCount(name, dims, values.Length);
        return Tensor(name, dims, TensorProto.Types.DataType.Int8, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());
    }

    public static TensorProto UInt8(string name, long[] dims, ReadOnlySpan<byte> values)
    {
        CheckCount(name, dims, values.Length);
        return Tensor(name, dims, TensorProto.Types.DataType.Uint8, values.ToArray());
    }

    public static TensorProto Int32(string name, long[] dims, ReadOnlySpan<int> values)
    {
        CheckCount(name, dims, values.Length);
        var bytes = new byte[checked(values.Length * sizeof(int))];
        for (var i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        return Tensor(name, dims, TensorProto.Types.DataType.Int32, bytes);
    }

    /// <summary>
    /// A float32 NCHW image value: batch <c>batch</c>, <paramref name="channels"/> channels, height and width named by
    /// <paramref name="height"/> and <paramref name="width"/>, or left unknown where null.
    /// </summary>
    public static ValueInfoProto ImageValue(string name, int channels, string? height, string? width)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = channels });
        foreach (var side in new[] { height, width })
            shape.Dim.Add(side is null ? new TensorShapeProto.Types.Dimension() : new TensorShapeProto.Types.Dimension { DimParam = side });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    /// <summary>The values of a float32 tensor stored as <c>raw_data</c> or <c>float_data</c>.</summary>
    /// <exception cref="NotSupportedException">The tensor is not float32.</exception>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new NotSupportedException($"tensor '{tensor.Name}' is {(TensorProto.Types.DataType)tensor.DataType}, expected FLOAT");
        var count = checked((int)tensor.Dims.Aggregate(1L, (a, d) => a * d));
        if (!tensor.HasRawData)
        {
            if (tensor.FloatData.Count != count)
                throw new InvalidDataException($"tensor '{tensor.Name}' holds {tensor.FloatData.Count} values for {count} elements");
            return tensor.FloatData.ToArray();
        }
        var raw = tensor.RawData.Span;
        if (raw.Length != count * sizeof(float))
            throw new InvalidDataException($"tensor '{tensor.Name}' holds {raw.Length} bytes for {count} float elements");
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        return values;
    }

    /// <summary>
    /// A constant square float32 matrix with one 1 in every row and column and zeros elsewhere: multiplying by it only
    /// moves elements.
    /// </summary>
    public static bool IsPermutationMatrix(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float || tensor.Dims.Count != 2 || tensor.Dims[0] != tensor.Dims[1])
            return false;
        var n = checked((int)tensor.Dims[0]);
        var m = ReadFloats(tensor);
        if (m.Any(v => v is not (0f or 1f))) return false;
        for (var i = 0; i < n; i++)
        {
            int inRow = 0, inColumn = 0;
            for (var j = 0; j < n; j++)
            {
                inRow += m[i * n + j] == 1f ? 1 : 0;
                inColumn += m[j * n + i] == 1f ? 1 : 0;
            }
            if (inRow != 1 || inColumn != 1) return false;
        }
        return true;
    }

    /// <summary>Round to nearest float16, saturating at ±65504 instead of overflowing to infinity.</summary>
    public static Half ToHalf(float value) =>
        float.IsFinite(value) ? (Half)Math.Clamp(value, (float)Half.MinValue, (float)Half.MaxValue) : (Half)value;

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private static TensorProto Tensor(string name, long[] dims, TensorProto.Types.DataType type, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = UnsafeByteOperations.UnsafeWrap(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static void CheckCount(string name, long[] dims, int count)
    {
        var expected = dims.Aggregate(1L, (a, d) => a * d);
        if (expected != count)
            throw new ArgumentException($"tensor '{name}': {count} values do not fill shape [{string.Join(", ", dims)}]");
    }
}
