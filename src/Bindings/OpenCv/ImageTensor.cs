using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Pix2Pix.OpenCv;

/// <summary>
/// Conversions between 8-bit images and the float CHW planes of one NCHW batch item, normalized to [-1, 1]
/// as pix2pix does: x / 127.5 - 1 on the way in, round((x + 1) · 127.5) clamped to 0..255 on the way out.
/// uint8 → float → uint8 is exact.
/// </summary>
public static class ImageTensor
{
    private static readonly float[] Normalized = BuildTable();

    /// <summary>Elements one image takes in a batch: channels · height · width.</summary>
    public static int ElementCount(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return checked(image.Channels * image.Rows * image.Cols);
    }

    /// <summary>
    /// Writes an 8-bit image (RGB or gray, as from <see cref="Mat.ToRgb8"/>) to <paramref name="destination"/> as CHW floats
    /// in [-1, 1]; <paramref name="destination"/> must hold exactly <see cref="ElementCount"/> values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToNchw(Mat image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Depth != Depth.U8)
            throw new ArgumentException($"ToNchw needs an 8-bit image (call ToRgb8 first), got {image.Depth}", nameof(image));
        int channels = image.Channels, rows = image.Rows, cols = image.Cols;
        int plane = rows * cols;
        if (destination.Length != plane * channels)
            throw new ArgumentException(
                $"a {cols}x{rows} {channels}-channel image needs {plane * channels} floats, the destination holds {destination.Length}", nameof(destination));

        using var pixels = image.Lock();
        ref float table = ref MemoryMarshal.GetArrayDataReference(Normalized);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        for (int r = 0; r < rows; r++)
        {
            ref byte row = ref MemoryMarshal.GetReference(pixels.Row(r));
            ref float rowDst = ref Unsafe.Add(ref dst, r * cols);
            if (channels == 3)
            {
                ref float g = ref Unsafe.Add(ref rowDst, plane);
                ref float b = ref Unsafe.Add(ref rowDst, 2 * plane);
                for (int x = 0; x < cols; x++)
                {
                    ref byte px = ref Unsafe.Add(ref row, 3 * x);
                    Unsafe.Add(ref rowDst, x) = Unsafe.Add(ref table, px);
                    Unsafe.Add(ref g, x) = Unsafe.Add(ref table, Unsafe.Add(ref px, 1));
                    Unsafe.Add(ref b, x) = Unsafe.Add(ref table, Unsafe.Add(ref px, 2));
                }
                continue;
            }
            for (int c = 0; c < channels; c++)
            {
                ref float planeDst = ref Unsafe.Add(ref rowDst, c * plane);
                for (int x = 0, i = c; x < cols; x++, i += channels)
                    Unsafe.Add(ref planeDst, x) = Unsafe.Add(ref table, Unsafe.Add(ref row, i));
            }
        }
    }

    /// <summary>Allocates and fills the CHW floats of <paramref name="image"/>.</summary>
    public static float[] ToNchw(Mat image)
    {
        var values = new float[ElementCount(image)];
        ToNchw(image, values);
        return values;
    }

    /// <summary>
    /// Builds an 8-bit image (RGB for 3 channels, gray for 1) from CHW floats in [-1, 1]:
    /// round((x + 1) · 127.5) with halves rounded up (computed as floor(x · 127.5 + 128)), clamped to 0..255; NaN becomes 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Mat FromNchw(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        if (channels is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 to 4");
        if (height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(height <= 0 ? nameof(height) : nameof(width), $"image size {width}x{height} must be positive");
        int plane = checked(height * width);
        if (chw.Length != plane * channels)
            throw new ArgumentException($"{channels}x{height}x{width} needs {plane * channels} floats, got {chw.Length}", nameof(chw));

        Mat image = Mat.Zeros(height, width, Depth.U8, channels);
        try
        {
            using var pixels = image.Lock();
            Span<byte> hwc = pixels.All;
            if (channels == 1)
            {
                Quantize(chw, hwc);
                return image;
            }
            int rowElements = width * channels;
            byte[]? rented = rowElements > 16384 ? ArrayPool<byte>.Shared.Rent(rowElements) : null;
            Span<byte> planarRow = rented is null ? stackalloc byte[rowElements] : rented.AsSpan(0, rowElements);
            for (int r = 0; r < height; r++)
            {
                for (int c = 0; c < channels; c++)
                    Quantize(chw.Slice(c * plane + r * width, width), planarRow.Slice(c * width, width));
                Interleave(planarRow, hwc.Slice(r * rowElements, rowElements), channels, width);
            }
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Interleave(ReadOnlySpan<byte> planes, Span<byte> hwc, int channels, int pixels)
    {
        ref byte src = ref MemoryMarshal.GetReference(planes);
        ref byte dst = ref MemoryMarshal.GetReference(hwc);
        if (channels == 3)
        {
            ref byte g = ref Unsafe.Add(ref src, pixels);
            ref byte b = ref Unsafe.Add(ref src, 2 * pixels);
            for (int i = 0; i < pixels; i++)
            {
                ref byte px = ref Unsafe.Add(ref dst, 3 * i);
                px = Unsafe.Add(ref src, i);
                Unsafe.Add(ref px, 1) = Unsafe.Add(ref g, i);
                Unsafe.Add(ref px, 2) = Unsafe.Add(ref b, i);
            }
            return;
        }
        for (int c = 0; c < channels; c++)
            for (int i = 0; i < pixels; i++)
                Unsafe.Add(ref dst, i * channels + c) = Unsafe.Add(ref src, c * pixels + i);
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
        v = Vector256.FusedMultiplyAdd(v, Vector256.Create(127.5f), Vector256.Create(128f));
        v = Vector256.Min(Vector256.Max(v, Vector256<float>.Zero), Vector256.Create(255f));
        v = Vector256.ConditionalSelect(Vector256.Equals(v, v), v, Vector256<float>.Zero);
        return Vector256.ConvertToInt32(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte QuantizeOne(float x)
    {
        float v = MathF.FusedMultiplyAdd(x, 127.5f, 128f);
        return float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(v, 0f, 255f);
    }

    private static float[] BuildTable()
    {
        var table = new float[256];
        for (int v = 0; v < table.Length; v++)
            table[v] = v / 127.5f - 1f;
        return table;
    }
}
