namespace Pix2Pix.OpenCv;

/// <summary>Element type of a <see cref="Mat"/>; the values are OpenCV's depth codes (CV_8U...).</summary>
public enum Depth
{
    U8 = 0,
    S8 = 1,
    U16 = 2,
    S16 = 3,
    S32 = 4,
    F32 = 5,
    F64 = 6,
    F16 = 7,
}

/// <summary>Sizes and OpenCV type codes of <see cref="Depth"/> values.</summary>
public static class DepthExtensions
{
    /// <summary>Bytes taken by one element (one channel of one pixel).</summary>
    public static int ElementSize(this Depth depth) => depth switch
    {
        Depth.U8 or Depth.S8 => 1,
        Depth.U16 or Depth.S16 or Depth.F16 => 2,
        Depth.S32 or Depth.F32 => 4,
        Depth.F64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "unknown depth"),
    };

    internal static int TypeCode(this Depth depth, int channels) => (int)depth + ((channels - 1) << 3);

    internal static Depth Of<T>() where T : unmanaged =>
        typeof(T) == typeof(byte) ? Depth.U8
        : typeof(T) == typeof(sbyte) ? Depth.S8
        : typeof(T) == typeof(ushort) ? Depth.U16
        : typeof(T) == typeof(short) ? Depth.S16
        : typeof(T) == typeof(int) ? Depth.S32
        : typeof(T) == typeof(float) ? Depth.F32
        : typeof(T) == typeof(double) ? Depth.F64
        : typeof(T) == typeof(Half) ? Depth.F16
        : throw new NotSupportedException($"{typeof(T).Name} has no OpenCV depth");
}
