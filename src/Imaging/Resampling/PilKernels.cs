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

    /// <summary>Whether the AVX2 passes run: asked for and supported.</summary>
    public static bool UseVectorPath(bool simd) => simd && Avx2.IsSupported;

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
    /// Resamples one row along x into <paramref name="channels"/>-byte pixels. With <see cref="UseVectorPath"/>
    /// the source row holds four bytes per pixel when <paramref name="channels"/> is 3 (see <see cref="ExpandRgbRow"/>)
    /// and must be readable for <see cref="RowPadding"/> bytes past its last pixel; otherwise it is the plain row.
    /// </summary>
    public static void HorizontalRow(byte* src, byte* dst, int channels, PilAxis axis, bool simd)
    {
        if (UseVectorPath(simd))
        {
            if (channels == 1)
                HorizontalRow1Avx2(src, dst, axis);
            else
                HorizontalRowRgbxAvx2(src, dst, axis, channels);
            return;
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

    private static readonly Vector128<byte> RgbToRgbx = Vector128.Create((byte)0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11, 0x80);
    private static readonly Vector128<byte> RgbxToRgb = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);

    /// <summary>Copies a row of RGB pixels to four bytes per pixel (the fourth zero), the layout the vectorised pass reads.</summary>
    public static void ExpandRgbRow(byte* src, byte* dst, int pixels)
    {
        int x = 0;
        if (Ssse3.IsSupported)
        {
            var shuffle = RgbToRgbx;
            for (; x * 3 + 16 <= pixels * 3; x += 4)
                Sse2.Store(dst + x * 4, Ssse3.Shuffle(Sse2.LoadVector128(src + x * 3), shuffle));
        }
        for (; x < pixels; x++)
        {
            dst[x * 4] = src[x * 3];
            dst[x * 4 + 1] = src[x * 3 + 1];
            dst[x * 4 + 2] = src[x * 3 + 2];
            dst[x * 4 + 3] = 0;
        }
    }

    /// <summary>
    /// The horizontal pass over a row of four-byte pixels (RGBA, or RGB expanded by <see cref="ExpandRgbRow"/>),
    /// writing <paramref name="outChannels"/> (3 or 4) bytes per pixel. Two taps per multiply; four output pixels
    /// are packed and stored together.
    /// </summary>
    public static void HorizontalRowRgbxAvx2(byte* src, byte* dst, PilAxis axis, int outChannels)
    {
        int pairs = axis.Pairs, n = axis.OutSize;
        var shuffle = RgbxToRgb;
        fixed (int* weights = axis.WeightPairs)
        fixed (int* start = axis.Start)
        {
            int xx = 0;
            for (; xx + 4 <= n; xx += 4)
            {
                var s0 = SumRgbx(src + start[xx] * 4, weights + xx * pairs * 8, pairs);
                var s1 = SumRgbx(src + start[xx + 1] * 4, weights + (xx + 1) * pairs * 8, pairs);
                var s2 = SumRgbx(src + start[xx + 2] * 4, weights + (xx + 2) * pairs * 8, pairs);
                var s3 = SumRgbx(src + start[xx + 3] * 4, weights + (xx + 3) * pairs * 8, pairs);
                var bytes = Sse2.PackUnsignedSaturate(Sse2.PackSignedSaturate(s0, s1), Sse2.PackSignedSaturate(s2, s3));
                if (outChannels == 4)
                {
                    Sse2.Store(dst + xx * 4, bytes);
                }
                else
                {
                    var rgb = Ssse3.Shuffle(bytes, shuffle).AsUInt64();
                    Unsafe.WriteUnaligned(dst + xx * 3, rgb.ToScalar());
                    Unsafe.WriteUnaligned(dst + xx * 3 + 8, rgb.AsUInt32().GetElement(2));
                }
            }
            for (; xx < n; xx++)
            {
                var s = SumRgbx(src + start[xx] * 4, weights + xx * pairs * 8, pairs);
                var p = Sse2.PackSignedSaturate(s, s);
                uint v = Sse2.PackUnsignedSaturate(p, p).AsUInt32().ToScalar();
                byte* o = dst + xx * outChannels;
                o[0] = (byte)v;
                o[1] = (byte)(v >> 8);
                o[2] = (byte)(v >> 16);
                if (outChannels == 4)
                    o[3] = (byte)(v >> 24);
            }
        }
    }

    /// <summary>Σ pixel·weight of one output pixel's four channels, plus ½, shifted down to the 8-bit range (unclipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> SumRgbx(byte* p, int* k, int pairs)
    {
        var acc = Vector256.Create(Vector128.Create(PilAxis.Half), Vector128<int>.Zero);
        for (int i = 0; i < pairs; i++, k += 8, p += 8)
            acc = Avx2.Add(acc, Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(p), Avx.LoadVector256(k)));
        return Sse2.ShiftRightArithmetic(Sse2.Add(acc.GetLower(), acc.GetUpper()), PilAxis.PrecisionBits);
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
                if (UseVectorPath(simd))
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
