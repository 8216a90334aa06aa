using System.Buffers;
using System.Runtime.Intrinsics.X86;

namespace Pix2Pix.Imaging;

/// <summary>
/// Bicubic resizing from <see cref="Width"/>×<see cref="Height"/> to <see cref="NewWidth"/>×<see cref="NewHeight"/>
/// that gives the same bytes as Pillow's <c>Image.resize(size, Image.BICUBIC)</c> (Pillow 9.4, reducing_gap None),
/// which is what the official pix2pix's <c>transforms.Resize(..., BICUBIC)</c> runs on PIL images.
/// </summary>
/// <remarks>
/// <para>The resampler is Pillow's separable convolution: Keys's cubic with a = −0.5, stretched by the scale factor
/// when shrinking (antialiasing), weights in 22-bit fixed point, first a horizontal pass over the input rows the
/// vertical pass needs, then a vertical pass; a pass whose size does not change is skipped, and equal sizes copy.
/// With four channels the fourth is alpha and, as in Pillow, colour is premultiplied by it (RGBA → RGBa) before
/// resizing and divided by it after; the channel order of the first three does not matter (RGB and BGR alike).</para>
/// <para>The weights of both axes are computed once in the constructor; an instance is immutable and may be used
/// from several threads at once. Each call runs on the calling thread: data loaders parallelise across images.</para>
/// </remarks>
public sealed class PilResampler
{
    private readonly PilAxis? _horizontal;
    private readonly PilAxis? _vertical;

    /// <summary>Prepares the weights for resizing <paramref name="width"/>×<paramref name="height"/> images to <paramref name="newWidth"/>×<paramref name="newHeight"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public PilResampler(int width, int height, int newWidth, int newHeight)
    {
        RequirePositive(width, nameof(width));
        RequirePositive(height, nameof(height));
        RequirePositive(newWidth, nameof(newWidth));
        RequirePositive(newHeight, nameof(newHeight));
        Width = width;
        Height = height;
        NewWidth = newWidth;
        NewHeight = newHeight;
        if (newWidth != width)
            _horizontal = PilAxis.Get(width, newWidth);
        if (newHeight != height)
            _vertical = PilAxis.Get(height, newHeight);
    }

    /// <summary>Source width in pixels.</summary>
    public int Width { get; }

    /// <summary>Source height in pixels.</summary>
    public int Height { get; }

    /// <summary>Result width in pixels.</summary>
    public int NewWidth { get; }

    /// <summary>Result height in pixels.</summary>
    public int NewHeight { get; }

    /// <summary>
    /// Resizes interleaved 8-bit pixels into <paramref name="dst"/>, whose rows are <see cref="NewWidth"/>·channels
    /// bytes with no padding.
    /// </summary>
    /// <param name="src">Source pixels: <see cref="Height"/> rows, <paramref name="stride"/> bytes apart.</param>
    /// <param name="channels">1 (grey, Pillow "L"), 3 (RGB or BGR) or 4 (colour then alpha, Pillow "RGBA").</param>
    /// <param name="stride">Bytes from one source row to the next, at least <see cref="Width"/>·channels.</param>
    /// <param name="dst">Result pixels, at least <see cref="NewWidth"/>·<see cref="NewHeight"/>·channels bytes; must not overlap <paramref name="src"/>.</param>
    /// <exception cref="ArgumentException">Bad channel count, stride or buffer length, or overlapping buffers.</exception>
    public void Resize(ReadOnlySpan<byte> src, int channels, int stride, Span<byte> dst) =>
        Resize(src, channels, stride, dst, NewWidth * channels);

    /// <summary>Resizes interleaved 8-bit pixels into <paramref name="dst"/>, whose rows are <paramref name="dstStride"/> bytes apart.</summary>
    /// <param name="src">Source pixels: <see cref="Height"/> rows, <paramref name="stride"/> bytes apart.</param>
    /// <param name="channels">1 (grey, Pillow "L"), 3 (RGB or BGR) or 4 (colour then alpha, Pillow "RGBA").</param>
    /// <param name="stride">Bytes from one source row to the next, at least <see cref="Width"/>·channels.</param>
    /// <param name="dst">Result pixels: <see cref="NewHeight"/> rows, <paramref name="dstStride"/> bytes apart; must not overlap <paramref name="src"/>.</param>
    /// <param name="dstStride">Bytes from one result row to the next, at least <see cref="NewWidth"/>·channels.</param>
    /// <exception cref="ArgumentException">Bad channel count, stride or buffer length, or overlapping buffers.</exception>
    public void Resize(ReadOnlySpan<byte> src, int channels, int stride, Span<byte> dst, int dstStride) =>
        Resize(src, channels, stride, dst, dstStride, simd: Avx2.IsSupported);

    internal unsafe void Resize(ReadOnlySpan<byte> src, int channels, int stride, Span<byte> dst, int dstStride, bool simd)
    {
        if (channels is not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 (L), 3 (RGB) or 4 (RGBA)");
        RequireBuffer(src.Length, Width, Height, channels, stride, nameof(src), nameof(stride));
        RequireBuffer(dst.Length, NewWidth, NewHeight, channels, dstStride, nameof(dst), nameof(dstStride));
        if (src.Overlaps(dst))
            throw new ArgumentException("the destination must not overlap the source", nameof(dst));

        int srcRowBytes = Width * channels;
        int dstRowBytes = NewWidth * channels;
        bool alpha = channels == 4;
        fixed (byte* s = src)
        fixed (byte* d = dst)
        {
            if (_horizontal is null && _vertical is null)
            {
                for (int y = 0; y < Height; y++)
                    Buffer.MemoryCopy(s + (long)y * stride, d + (long)y * dstStride, dstRowBytes, srcRowBytes);
                return;
            }

            if (_vertical is null)
            {
                Horizontal(s, stride, 0, Height, channels, d, dstStride, simd);
            }
            else
            {
                int first = _vertical.FirstUsed, rows = _vertical.EndUsed - first;
                bool copy = _horizontal is not null || alpha;
                int tempStride = copy ? (_horizontal is null ? srcRowBytes : dstRowBytes) : 0;
                byte[]? rented = copy ? ArrayPool<byte>.Shared.Rent(checked(rows * tempStride)) : null;
                try
                {
                    fixed (byte* temp = rented)
                    {
                        if (_horizontal is not null)
                            Horizontal(s, stride, first, rows, channels, temp, tempStride, simd);
                        else if (alpha)
                        {
                            for (int y = 0; y < rows; y++)
                                PilKernels.CopyRow(s + (long)(first + y) * stride, temp + (long)y * tempStride, Width, 4, premultiply: true);
                        }
                        if (copy)
                            PilKernels.Vertical(temp, tempStride, first, dstRowBytes, _vertical, d, dstStride, simd);
                        else
                            PilKernels.Vertical(s, stride, 0, dstRowBytes, _vertical, d, dstStride, simd);
                    }
                }
                finally
                {
                    if (rented is not null)
                        ArrayPool<byte>.Shared.Return(rented);
                }
            }

            if (alpha)
            {
                for (int y = 0; y < NewHeight; y++)
                    PilKernels.Unpremultiply(d + (long)y * dstStride, NewWidth);
            }
        }
    }

    /// <summary>The horizontal pass over source rows first … first + rows − 1, through a zero-padded row copy.</summary>
    private unsafe void Horizontal(byte* src, long stride, int first, int rows, int channels, byte* dst, long dstStride, bool simd)
    {
        var axis = _horizontal!;
        bool vector = PilKernels.UseVectorPath(simd);
        bool expand = vector && channels == 3;
        int rowBytes = Width * (expand ? 4 : channels);
        byte[] row = ArrayPool<byte>.Shared.Rent(rowBytes + PilKernels.RowPadding(axis));
        try
        {
            Array.Clear(row);
            fixed (byte* r = row)
            {
                for (int y = 0; y < rows; y++)
                {
                    if (expand)
                        PilKernels.ExpandRgbRow(src + (first + y) * stride, r, Width);
                    else
                        PilKernels.CopyRow(src + (first + y) * stride, r, Width, channels, premultiply: channels == 4);
                    PilKernels.HorizontalRow(r, dst + y * dstStride, channels, axis, simd);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value < 1)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1 pixel");
    }

    private static void RequireBuffer(int length, int width, int height, int channels, int stride, string buffer, string strideName)
    {
        long rowBytes = (long)width * channels;
        if (stride < rowBytes)
            throw new ArgumentOutOfRangeException(strideName, stride, $"{strideName} must be at least width × channels = {rowBytes} bytes");
        long needed = (long)stride * (height - 1) + rowBytes;
        if (length < needed)
            throw new ArgumentException($"{buffer} holds {length} bytes; {width}×{height}×{channels} with a stride of {stride} needs {needed}", buffer);
    }
}
