using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using OpenCvSharp;

namespace Pix2Pix.Imaging;

/// <summary>
/// Conversions between 8-bit Mats (BGR or gray, interleaved HWC, as OpenCV holds them) and the float CHW planes of one
/// NCHW batch item (RGB or gray), normalized to [-1, 1] as pix2pix does: x / 127.5 - 1 on the way in,
/// round((x + 1) · 127.5) clamped to 0…255 on the way out. uint8 → float → uint8 is exact. The channel swap happens here,
/// so the networks always see RGB planes.
/// </summary>
public static class ImageTensor
{
    private const float Scale = 127.5f;
    private const int NotSet = 0x80;

    private static readonly float[] Normalized = BuildTable();

    // pshufb masks: lane j of plane c takes byte 3j + c of a 48-byte run of BGR pixels (one mask per 16-byte part).
    private static readonly Vector128<byte>[] SplitMasks = BuildSplitMasks();

    // pshufb masks: byte k of a 48-byte BGR run takes lane k / 3 of plane k % 3 (one mask per plane and part).
    private static readonly Vector128<byte>[] MergeMasks = BuildMergeMasks();

    /// <summary>Elements one image takes in a batch: channels · height · width.</summary>
    public static int ElementCount(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return checked(image.Channels() * image.Rows * image.Cols);
    }

    /// <summary>
    /// Writes an 8-bit BGR or gray image (as from <see cref="ImageConvert.To8Bit"/>; a view into a larger Mat is fine) to
    /// <paramref name="destination"/> as CHW floats in [-1, 1], colour planes in RGB order; <paramref name="destination"/>
    /// must hold exactly <see cref="ElementCount"/> values.
    /// </summary>
    /// <exception cref="ArgumentException">The image is not 8-bit with 1 or 3 channels, or the destination has the wrong length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ToChw(Mat image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(image.IsDisposed, image);
        MatType type = image.Type();
        if (type.Depth != MatType.CV_8U || type.Channels is not (1 or 3) || image.Dims > 2)
            throw new ArgumentException($"ToChw needs an 8-bit BGR or gray image (ImageConvert.To8Bit makes one), got {type}", nameof(image));
        int channels = type.Channels, rows = image.Rows, cols = image.Cols;
        int plane = checked(rows * cols);
        if (destination.Length != checked(plane * channels))
            throw new ArgumentException(
                $"a {cols}x{rows} {channels}-channel image needs {plane * channels} floats, the destination holds {destination.Length}", nameof(destination));
        if (plane == 0) return;

        byte* data = image.DataPointer;
        long step = image.Step();
        fixed (float* dst = destination)
        {
            for (int r = 0; r < rows; r++)
            {
                byte* row = data + r * step;
                float* red = dst + (long)r * cols;
                if (channels == 3)
                    SplitRow(row, red, red + plane, red + 2L * plane, cols);
                else
                    GrayRow(row, red, cols);
            }
        }
    }

    /// <summary>Allocates and fills the CHW floats of <paramref name="image"/> (see <see cref="ToChw(Mat, Span{float})"/>).</summary>
    public static float[] ToChw(Mat image)
    {
        var values = new float[ElementCount(image)];
        ToChw(image, values);
        return values;
    }

    /// <summary>
    /// Builds an 8-bit image (BGR for 3 channels given as RGB planes, gray for 1) from CHW floats in [-1, 1]:
    /// round((x + 1) · 127.5) with halves rounded up (computed as floor(x · 127.5 + 128)), clamped to 0…255; NaN becomes 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The channel count is not 1 or 3, or a side is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="chw"/> does not hold channels · height · width values.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe Mat FromChw(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "images have 1 (gray) or 3 (RGB) channels");
        if (height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(height <= 0 ? nameof(height) : nameof(width), $"image size {width}x{height} must be positive");
        int plane = checked(height * width);
        if (chw.Length != checked(plane * channels))
            throw new ArgumentException($"{channels}x{height}x{width} needs {plane * channels} floats, got {chw.Length}", nameof(chw));
        OpenCvRuntime.EnsureLoaded();

        var image = new Mat(height, width, MatType.CV_8UC(channels));
        try
        {
            byte* data = image.DataPointer;
            long step = image.Step();
            if (channels == 1)
            {
                for (int r = 0; r < height; r++)
                    Quantize(chw.Slice(r * width, width), new Span<byte>(data + r * step, width));
                return image;
            }
            int rowElements = 3 * width;
            byte[]? rented = rowElements > 16384 ? ArrayPool<byte>.Shared.Rent(rowElements) : null;
            Span<byte> planes = rented is null ? stackalloc byte[rowElements] : rented.AsSpan(0, rowElements);
            try
            {
                fixed (byte* p = planes)
                {
                    for (int r = 0; r < height; r++)
                    {
                        for (int c = 0; c < 3; c++)
                            Quantize(chw.Slice(c * plane + r * width, width), planes.Slice(c * width, width));
                        MergeRow(p + 2 * width, p + width, p, data + r * step, width);
                    }
                }
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>One row of BGR bytes into the R, G and B float planes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SplitRow(byte* bgr, float* red, float* green, float* blue, int pixels)
    {
        int x = 0;
        if (Avx2.IsSupported)
        {
            ref Vector128<byte> masks = ref MemoryMarshal.GetArrayDataReference(SplitMasks);
            for (; x <= pixels - 16; x += 16)
            {
                byte* p = bgr + 3 * x;
                Vector128<byte> v0 = Sse2.LoadVector128(p), v1 = Sse2.LoadVector128(p + 16), v2 = Sse2.LoadVector128(p + 32);
                StoreNormalized(Split(v0, v1, v2, ref masks, 0), blue + x);
                StoreNormalized(Split(v0, v1, v2, ref masks, 1), green + x);
                StoreNormalized(Split(v0, v1, v2, ref masks, 2), red + x);
            }
        }
        ref float table = ref MemoryMarshal.GetArrayDataReference(Normalized);
        for (; x < pixels; x++)
        {
            byte* p = bgr + 3 * x;
            blue[x] = Unsafe.Add(ref table, p[0]);
            green[x] = Unsafe.Add(ref table, p[1]);
            red[x] = Unsafe.Add(ref table, p[2]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void GrayRow(byte* gray, float* destination, int pixels)
    {
        int x = 0;
        if (Avx2.IsSupported)
            for (; x <= pixels - 16; x += 16)
                StoreNormalized(Sse2.LoadVector128(gray + x), destination + x);
        ref float table = ref MemoryMarshal.GetArrayDataReference(Normalized);
        for (; x < pixels; x++)
            destination[x] = Unsafe.Add(ref table, gray[x]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Split(Vector128<byte> v0, Vector128<byte> v1, Vector128<byte> v2, ref Vector128<byte> masks, int channel) =>
        Ssse3.Shuffle(v0, Unsafe.Add(ref masks, 3 * channel))
        | Ssse3.Shuffle(v1, Unsafe.Add(ref masks, 3 * channel + 1))
        | Ssse3.Shuffle(v2, Unsafe.Add(ref masks, 3 * channel + 2));

    /// <summary>16 bytes → 16 floats v / 127.5 - 1 (a division, so that every value equals the scalar table's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreNormalized(Vector128<byte> bytes, float* destination)
    {
        Vector256<float> scale = Vector256.Create(Scale), one = Vector256.Create(1f);
        Vector256<float> low = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes));
        Vector256<float> high = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(Sse2.ShiftRightLogical128BitLane(bytes, 8)));
        Avx.Store(destination, Avx.Subtract(Avx.Divide(low, scale), one));
        Avx.Store(destination + 8, Avx.Subtract(Avx.Divide(high, scale), one));
    }

    /// <summary>One row of B, G and R byte planes interleaved into BGR pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void MergeRow(byte* blue, byte* green, byte* red, byte* bgr, int pixels)
    {
        int x = 0;
        if (Ssse3.IsSupported)
        {
            ref Vector128<byte> masks = ref MemoryMarshal.GetArrayDataReference(MergeMasks);
            for (; x <= pixels - 16; x += 16)
            {
                Vector128<byte> b = Sse2.LoadVector128(blue + x), g = Sse2.LoadVector128(green + x), r = Sse2.LoadVector128(red + x);
                byte* p = bgr + 3 * x;
                for (int part = 0; part < 3; part++)
                    Sse2.Store(p + 16 * part,
                        Ssse3.Shuffle(b, Unsafe.Add(ref masks, part)) | Ssse3.Shuffle(g, Unsafe.Add(ref masks, 3 + part)) | Ssse3.Shuffle(r, Unsafe.Add(ref masks, 6 + part)));
            }
        }
        for (; x < pixels; x++)
        {
            byte* p = bgr + 3 * x;
            p[0] = blue[x];
            p[1] = green[x];
            p[2] = red[x];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float src = ref MemoryMarshal.GetReference(source);
            ref byte dst = ref MemoryMarshal.GetReference(destination);
            for (; i <= source.Length - 32; i += 32)
            {
                Vector256<short> low = Vector256.Narrow(Quantize8(ref src, i), Quantize8(ref src, i + 8));
                Vector256<short> high = Vector256.Narrow(Quantize8(ref src, i + 16), Quantize8(ref src, i + 24));
                Vector256.Narrow(low.AsUInt16(), high.AsUInt16()).StoreUnsafe(ref dst, (nuint)i);
            }
        }
        for (; i < source.Length; i++)
            destination[i] = QuantizeOne(source[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Quantize8(ref float source, int offset)
    {
        Vector256<float> v = Vector256.LoadUnsafe(ref source, (nuint)offset);
        v = Vector256.FusedMultiplyAdd(v, Vector256.Create(Scale), Vector256.Create(128f));
        v = Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256.Create(255f));
        v = Vector256.ConditionalSelect(Vector256.Equals(v, v), v, Vector256<float>.Zero);
        return Vector256.ConvertToInt32(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte QuantizeOne(float x)
    {
        float v = MathF.FusedMultiplyAdd(x, Scale, 128f);
        return float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(v, 0f, 255f);
    }

    private static float[] BuildTable()
    {
        var table = new float[256];
        for (int v = 0; v < table.Length; v++)
            table[v] = v / Scale - 1f;
        return table;
    }

    private static Vector128<byte>[] BuildSplitMasks()
    {
        var masks = new Vector128<byte>[9];
        Span<byte> lanes = stackalloc byte[16];
        for (int channel = 0; channel < 3; channel++)
            for (int part = 0; part < 3; part++)
            {
                for (int j = 0; j < 16; j++)
                {
                    int k = 3 * j + channel;
                    lanes[j] = (byte)(k / 16 == part ? k % 16 : NotSet);
                }
                masks[3 * channel + part] = Vector128.Create((ReadOnlySpan<byte>)lanes);
            }
        return masks;
    }

    private static Vector128<byte>[] BuildMergeMasks()
    {
        var masks = new Vector128<byte>[9];
        Span<byte> lanes = stackalloc byte[16];
        for (int channel = 0; channel < 3; channel++)
            for (int part = 0; part < 3; part++)
            {
                for (int j = 0; j < 16; j++)
                {
                    int k = 16 * part + j;
                    lanes[j] = (byte)(k % 3 == channel ? k / 3 : NotSet);
                }
                masks[3 * channel + part] = Vector128.Create((ReadOnlySpan<byte>)lanes);
            }
        return masks;
    }
}
