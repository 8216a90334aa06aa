using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Pix2Pix.Weights;

/// <summary>Little-endian element bytes to and from .NET numbers.</summary>
internal static class ElementConversion
{
    public static byte[] ToBytes<T>(T[] values) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
            ReverseEachElement(bytes, Marshal.SizeOf<T>());
        return bytes;
    }

    public static float[] ToFloat32(DType dtype, byte[] data)
    {
        if (dtype == DType.F32 && BitConverter.IsLittleEndian)
            return MemoryMarshal.Cast<byte, float>(data).ToArray();
        var result = new float[data.Length / dtype.ElementSize()];
        for (int i = 0; i < result.Length; i++)
            result[i] = (float)ReadDouble(dtype, data, i);
        return result;
    }

    public static double[] ToFloat64(DType dtype, byte[] data)
    {
        var result = new double[data.Length / dtype.ElementSize()];
        for (int i = 0; i < result.Length; i++)
            result[i] = ReadDouble(dtype, data, i);
        return result;
    }

    public static long[] ToInt64(DType dtype, byte[] data)
    {
        var result = new long[data.Length / dtype.ElementSize()];
        for (int i = 0; i < result.Length; i++)
            result[i] = dtype is DType.F32 or DType.F64 or DType.F16 or DType.BF16
                ? (long)ReadDouble(dtype, data, i)
                : ReadInt64(dtype, data, i);
        return result;
    }

    private static double ReadDouble(DType dtype, byte[] data, int index) => dtype switch
    {
        DType.F64 => BinaryPrimitives.ReadDoubleLittleEndian(data.AsSpan(index * 8)),
        DType.F32 => BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(index * 4)),
        DType.F16 => (double)BinaryPrimitives.ReadHalfLittleEndian(data.AsSpan(index * 2)),
        DType.BF16 => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(index * 2)) << 16),
        _ => ReadInt64(dtype, data, index),
    };

    private static long ReadInt64(DType dtype, byte[] data, int index) => dtype switch
    {
        DType.I64 => BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(index * 8)),
        DType.I32 => BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(index * 4)),
        DType.I16 => BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(index * 2)),
        DType.I8 => (sbyte)data[index],
        DType.U8 => data[index],
        DType.Bool => data[index] != 0 ? 1 : 0,
        _ => throw new InvalidOperationException($"{dtype} is not an integer dtype"),
    };

    private static void ReverseEachElement(byte[] bytes, int elementSize)
    {
        for (int i = 0; i < bytes.Length; i += elementSize)
            bytes.AsSpan(i, elementSize).Reverse();
    }
}
