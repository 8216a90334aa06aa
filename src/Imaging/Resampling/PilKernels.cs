using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pix2Pix.Imaging;

/// <summary>
/// The two passes of Pillow's 8-bit resampler (ImagingResampleHorizontal_8bpc / Vertical_8bpc) and the RGBA
/// premultiplication around them. Every output byte is clip8((½ + Σ pixel·weight) >> 22) in 32-bit integers; the
/// sum is exact integer arithmetic, so the AVX2 paths, which add the same products in another order, give the same
/// bytes as the scalar ones.
/// </summary>
internal static unsafe class PilKernels
{
    /// <summary>Bytes past a padded row that the vectorised horizontal pass may read (weights there are zero).</summary>
    public static int RowPadding(PilAxis axis) => (axis.MaxCount + 16) * 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clip8(int sum)
    {
        int v = sum >> PilAxis.PrecisionBits;
        return v < 0 ? (byte)0 : v > 255 ? (byte)255 : (byte)v;
    }

    /// <summary>Copies one row, premultiplying colour by alpha as Pillow's RGBA → RGBa conversion does.</summary>
    public static void CopyRow(byte* src, byte* dst, int pixels, int channels, bool premultiply)
    {
        if (!premultiply)
        {
            Buffer.MemoryCopy(src, dst, (long)pixels * channels, (long)pixels * channels);
            return;
        }
        for (int x = 0; x < pixels; x++, src += 4, dst += 4)
        {
            uint a = src[3];
            dst[0] = MulDiv255(src[0], a);
            dst[1] = MulDiv255(src[1], a);
            dst[2] = MulDiv255(src[2], a);
            dst[3] = (byte)a;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte MulDiv255(uint c, uint a)
    {
        uint t = c * a + 128;
        return (byte)(((t >> 8) + t) >> 8);
    }

    /// <summary>Pillow's RGBa → RGBA: colour · 255 / alpha (integer division, clipped), unchanged where alpha is 0 or 255.</summary>
    public static void Unpremultiply(byte* row, int pixels)
    {
        fixed (byte* table = UnpremultiplyTable.Value)
        {
            for (int x = 0; x < pixels; x++, row += 4)
            {
                byte* t = table + (row[3] << 8);
                row[0] = t[row[0]];
                row[1] = t[row[1]];
                row[2] = t[row[2]];
            }
        }
    }

    private static readonly Lazy<byte[]> UnpremultiplyTable = new(() =>
    {
        var table = new byte[256 * 256];
        for (int a = 0; a < 256; a++)
        {
            for (int c = 0; c < 256; c++)
                table[a * 256 + c] = a is 0 or 255 ? (byte)c : (byte)Math.Min(255 * c / a, 255);
        }
        return table;
    });

    /// <summary>
    /// Resamples one row of <paramref name="channels"/>-byte pixels along x. <paramref name="src"/> must be readable
    /// for <see cref="RowPadding"/> bytes past its last pixel when <paramref name="simd"/> is set.
    /// </summary>
    public static void HorizontalRow(byte* src, byte* dst, int channels, PilAxis axis, bool simd)
    {
        if (simd && Avx2.IsSupported)
        {
            switch (channels)
            {
                case 1: HorizontalRow1Avx2(src, dst, axis); return;
                case 3: HorizontalRow3Avx2(src, dst, axis); return;
                default: HorizontalRow4Avx2(src, dst, axis); return;
            }
        }
        HorizontalRowScalar(src, dst, channels, axis);
    }

    private static void HorizontalRowScalar(byte* src, byte* dst, int channels, PilAxis axis)
    {
        fixed (int* weights = axis.Weights)
        {
            for (int xx = 0; xx < axis.OutSize; xx++)
            {
                int* k = weights + xx * axis.KSize;
                byte* p = src + axis.Start[xx] * channels;
                int count = axis.Count[xx];
                for (int c = 0; c < channels; c++)
                {
                    int sum = PilAxis.Half;
                    for (int t = 0; t < count; t++)
                        sum += p[t * channels + c] * k[t];
                    dst[xx * channels + c] = Clip8(sum);
                }
            }
        }
    }

    private static void HorizontalRow1Avx2(byte* src, byte* dst, PilAxis axis)
    {
        int chunks = axis.Chunks8;
        fixed (int* weights = axis.Weights8)
        fixed (int* start = axis.Start)
        {
            int* k = weights;
            for (int xx = 0; xx < axis.OutSize; xx++)
            {
                byte* p = src + start[xx];
                var acc = Vector256<int>.Zero;
                for (int i = 0; i < chunks; i++, k += 8)
                    acc = Avx2.Add(acc, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + i * 8), Avx.LoadVector256(k)));
                var s = Sse2.Add(acc.GetLower(), acc.GetUpper());
                s = Sse2.Add(s, Sse2.Shuffle(s, 0b_01_00_11_10));
                s = Sse2.Add(s, Sse2.Shuffle(s, 0b_10_11_00_01));
                dst[xx] = Clip8(s.ToScalar() + PilAxis.Half);
            }
        }
    }

    private static readonly Vector128<byte> Rgb2ToRgbx2 = Vector128.Create((byte)0, 1, 2, 0x80, 3, 4, 5, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);

    private static void HorizontalRow3Avx2(byte* src, byte* dst, PilAxis axis)
    {
        int pairs = axis.Pairs;
        var shuffle = Rgb2ToRgbx2;
        var half = Vector128.Create(PilAxis.Half);
        fixed (int* weights = axis.WeightPairs)
        fixed (int* start = axis.Start)
        {
            int* k = weights;
            for (int xx = 0; xx < axis.OutSize; xx++)
            {
                byte* p = src + start[xx] * 3;
                var acc = Vector256<int>.Zero;
                for (int i = 0; i < pairs; i++, k += 8, p += 6)
                {
                    var two = Ssse3.Shuffle(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(p)).AsByte(), shuffle);
                    acc = Avx2.Add(acc, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(two), Avx.LoadVector256(k)));
                }
                uint rgb = Pack(Sse2.Add(Sse2.Add(acc.GetLower(), acc.GetUpper()), half));
                byte* o = dst + xx * 3;
                o[0] = (byte)rgb;
                o[1] = (byte)(rgb >> 8);
                o[2] = (byte)(rgb >> 16);
            }
        }
    }

    private static void HorizontalRow4Avx2(byte* src, byte* dst, PilAxis axis)
    {
        int pairs = axis.Pairs;
        var half = Vector128.Create(PilAxis.Half);
        fixed (int* weights = axis.WeightPairs)
        fixed (int* start = axis.Start)
        {
            int* k = weights;
            for (int xx = 0; xx < axis.OutSize; xx++)
            {
                byte* p = src + start[xx] * 4;
                var acc = Vector256<int>.Zero;
                for (int i = 0; i < pairs; i++, k += 8, p += 8)
                    acc = Avx2.Add(acc, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p), Avx.LoadVector256(k)));
                Unsafe.WriteUnaligned(dst + xx * 4, Pack(Sse2.Add(Sse2.Add(acc.GetLower(), acc.GetUpper()), half)));
            }
        }
    }

    /// <summary>Four fixed-point sums to four clipped bytes (saturating packs clip exactly like clip8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Pack(Vector128<int> sums)
    {
        var v = Sse2.ShiftRightArithmetic(sums, PilAxis.PrecisionBits);
        var s = Sse2.PackSignedSaturate(v, v);
        return Sse2.PackUnsignedSaturate(s, s).AsUInt32().ToScalar();
    }

    /// <summary>
    /// Resamples along y: output row yy of <paramref name="rowBytes"/> bytes reads input rows
    /// axis.Start[yy] − <paramref name="firstRow"/> … of <paramref name="src"/>.
    /// </summary>
    public static void Vertical(byte* src, long srcStride, int firstRow, int rowBytes, PilAxis axis, byte* dst, long dstStride, bool simd)
    {
        fixed (int* weights = axis.Weights)
        {
            for (int yy = 0; yy < axis.OutSize; yy++)
            {
                byte* input = src + (axis.Start[yy] - firstRow) * srcStride;
                int* k = weights + yy * axis.KSize;
                int count = axis.Count[yy];
                byte* output = dst + yy * dstStride;
                int x = 0;
                if (simd && Avx2.IsSupported)
                    x = VerticalRowAvx2(input, srcStride, k, count, rowBytes, output);
                for (; x < rowBytes; x++)
                {
                    int sum = PilAxis.Half;
                    byte* p = input + x;
                    for (int t = 0; t < count; t++, p += srcStride)
                        sum += *p * k[t];
                    output[x] = Clip8(sum);
                }
            }
        }
    }

    private static readonly Vector256<int> UnpackOrder = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);

    /// <summary>The vectorised part of one output row; returns the number of bytes done.</summary>
    private static int VerticalRowAvx2(byte* input, long stride, int* k, int count, int rowBytes, byte* output)
    {
        var half = Vector256.Create(PilAxis.Half);
        int x = 0;
        for (; x + 32 <= rowBytes; x += 32)
        {
            Vector256<int> a0 = half, a1 = half, a2 = half, a3 = half;
            byte* p = input + x;
            for (int t = 0; t < count; t++, p += stride)
            {
                var w = Vector256.Create(k[t]);
                a0 = Avx2.Add(a0, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p), w));
                a1 = Avx2.Add(a1, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 8), w));
                a2 = Avx2.Add(a2, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 16), w));
                a3 = Avx2.Add(a3, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p + 24), w));
            }
            var s01 = Avx2.PackSignedSaturate(Avx2.ShiftRightArithmetic(a0, PilAxis.PrecisionBits), Avx2.ShiftRightArithmetic(a1, PilAxis.PrecisionBits));
            var s23 = Avx2.PackSignedSaturate(Avx2.ShiftRightArithmetic(a2, PilAxis.PrecisionBits), Avx2.ShiftRightArithmetic(a3, PilAxis.PrecisionBits));
            var bytes = Avx2.PermuteVar8x32(Avx2.PackUnsignedSaturate(s01, s23).AsInt32(), UnpackOrder);
            Avx.Store((int*)(output + x), bytes);
        }
        for (; x + 8 <= rowBytes; x += 8)
        {
            var a = half;
            byte* p = input + x;
            for (int t = 0; t < count; t++, p += stride)
                a = Avx2.Add(a, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p), Vector256.Create(k[t])));
            a = Avx2.ShiftRightArithmetic(a, PilAxis.PrecisionBits);
            var s = Sse2.PackSignedSaturate(a.GetLower(), a.GetUpper());
            Unsafe.WriteUnaligned(output + x, Sse2.PackUnsignedSaturate(s, s).AsUInt64().ToScalar());
        }
        return x;
    }
}
