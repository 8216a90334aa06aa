using System.Buffers.Binary;
using Google.Protobuf;
using Pix2Pix.Onnx;

namespace Pix2Pix.Export;

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
