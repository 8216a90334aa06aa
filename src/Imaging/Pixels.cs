using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Pix2Pix.Imaging;

/// <summary>Copies between interleaved (HWC) pixel buffers and Mats.</summary>
public static class Pixels
{
    /// <summary>A new 8-bit Mat holding a copy of <paramref name="hwc"/>, channels in the order given (BGR for a colour image).</summary>
    /// <exception cref="ArgumentException">The buffer does not hold <paramref name="rows"/> × <paramref name="cols"/> × <paramref name="channels"/> bytes.</exception>
    public static Mat FromBytes(ReadOnlySpan<byte> hwc, int rows, int cols, int channels = 3) =>
        FromData(hwc, rows, cols, channels, MatType.CV_8U);

    /// <summary>A new 16-bit Mat holding a copy of <paramref name="hwc"/>.</summary>
    public static Mat FromUInt16(ReadOnlySpan<ushort> hwc, int rows, int cols, int channels = 1) =>
        FromData(MemoryMarshal.AsBytes(hwc), rows, cols, channels, MatType.CV_16U, hwc.Length);

    /// <summary>A new 32-bit float Mat holding a copy of <paramref name="hwc"/>.</summary>
    public static Mat FromSingle(ReadOnlySpan<float> hwc, int rows, int cols, int channels = 1) =>
        FromData(MemoryMarshal.AsBytes(hwc), rows, cols, channels, MatType.CV_32F, hwc.Length);

    /// <summary>A new 8-bit BGR Mat from RGB-ordered pixels (as PIL, numpy images and <c>SyntheticPairs</c> hold them).</summary>
    public static Mat FromRgb(ReadOnlySpan<byte> rgb, int rows, int cols)
    {
        using Mat swapped = FromBytes(rgb, rows, cols, 3);
        return ImageConvert.Converted(m => Cv2.CvtColor(swapped, m, ColorConversionCodes.RGB2BGR));
    }

    /// <summary>The pixels as one contiguous HWC byte array (elements in native byte order), also for a view into a larger Mat.</summary>
    public static unsafe byte[] ToBytes(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(image.IsDisposed, image);
        if (image.Dims > 2)
            throw new ArgumentException("the Mat has more than two dimensions", nameof(image));
        int rowBytes = checked(image.Cols * (int)image.ElemSize());
        var bytes = new byte[checked((long)rowBytes * image.Rows)];
        long step = image.Step();
        byte* data = image.DataPointer;
        for (int r = 0; r < image.Rows; r++)
            new ReadOnlySpan<byte>(data + r * step, rowBytes).CopyTo(bytes.AsSpan(r * rowBytes, rowBytes));
        return bytes;
    }

    private static unsafe Mat FromData(ReadOnlySpan<byte> hwc, int rows, int cols, int channels, int depth, int? elements = null)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentOutOfRangeException(rows < 0 ? nameof(rows) : nameof(cols), "image size cannot be negative");
        if (channels is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 to 4");
        long expected = (long)rows * cols * channels;
        if ((elements ?? hwc.Length) != expected)
            throw new ArgumentException($"{rows}x{cols}x{channels} pixels need {expected} elements, got {elements ?? hwc.Length}", nameof(hwc));
        OpenCvRuntime.EnsureLoaded();
        var image = new Mat(rows, cols, MatType.MakeType(depth, channels));
        if (hwc.Length > 0)
            hwc.CopyTo(new Span<byte>(image.DataPointer, hwc.Length));
        return image;
    }
}
