using System.Runtime.InteropServices;

namespace Pix2Pix.OpenCv;

/// <summary>
/// An owned 2-D image over a native <c>cv::Mat</c>. Pixels are interleaved (HWC) and, across the whole public API,
/// in RGB / RGBA order: decoding converts from OpenCV's BGR and encoding converts back.
/// Operations return new, independent Mats; only the drawing methods and <see cref="CopyTo(Mat, int, int)"/> write in place.
/// </summary>
public sealed partial class Mat : IDisposable
{
    private readonly MatHandle _handle;

    internal unsafe Mat(MatHandle handle)
    {
        _handle = handle;
        Native.Check(Native.p2cv_mat_info(handle, out int rows, out int cols, out int type, out _, out _));
        Rows = rows;
        Cols = cols;
        Depth = (Depth)(type & 7);
        Channels = (type >> 3) + 1;
    }

    /// <summary>Number of pixel rows (the height).</summary>
    public int Rows { get; }

    /// <summary>Number of pixel columns (the width).</summary>
    public int Cols { get; }

    public int Width => Cols;

    public int Height => Rows;

    /// <summary>Channels per pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels { get; }

    public Depth Depth { get; }

    /// <summary>True when the Mat has no pixels.</summary>
    public bool IsEmpty => Rows == 0 || Cols == 0;

    /// <summary>Bytes in one pixel (channels times element size).</summary>
    public int PixelSize => Channels * Depth.ElementSize();

    /// <summary>Bytes in the contiguous HWC copy returned by <see cref="ToBytes"/>.</summary>
    public int ByteCount => checked(Rows * Cols * PixelSize);

    public bool IsDisposed => _handle.IsClosed;

    internal MatHandle Handle => _handle.IsClosed ? throw new ObjectDisposedException(nameof(Mat)) : _handle;

    /// <summary>A Mat of zeros.</summary>
    public static Mat Zeros(int rows, int cols, Depth depth = Depth.U8, int channels = 3)
    {
        ValidateShape(rows, cols, channels);
        return Native.Wrap(Native.p2cv_mat_new_zeros(rows, cols, depth.TypeCode(channels)));
    }

    /// <summary>Copies 8-bit interleaved (HWC) pixels, RGB order for three channels, into a new Mat.</summary>
    public static Mat FromPixels(ReadOnlySpan<byte> hwc, int rows, int cols, int channels = 3) =>
        FromData<byte>(hwc, rows, cols, channels);

    /// <summary>Copies interleaved (HWC) elements into a new Mat whose depth follows <typeparamref name="T"/> (ushort → U16, float → F32...).</summary>
    public static unsafe Mat FromData<T>(ReadOnlySpan<T> hwc, int rows, int cols, int channels = 3) where T : unmanaged
    {
        ValidateShape(rows, cols, channels);
        long expected = (long)rows * cols * channels;
        if (hwc.Length != expected)
            throw new ArgumentException($"{rows}x{cols}x{channels} pixels need {expected} elements, got {hwc.Length}", nameof(hwc));
        Depth depth = DepthExtensions.Of<T>();
        fixed (T* data = hwc)
            return Native.Wrap(Native.p2cv_mat_new_copy(rows, cols, depth.TypeCode(channels), data, 0));
    }

    /// <summary>A deep copy.</summary>
    public Mat Clone() => Native.Wrap(Native.p2cv_mat_clone(Handle));

    /// <summary>The pixels as a contiguous HWC byte array (elements in native byte order).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ByteCount];
        CopyTo(bytes.AsSpan());
        return bytes;
    }

    /// <summary>The pixels as a contiguous HWC array of <typeparamref name="T"/>, which must match <see cref="Depth"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var values = new T[(long)Rows * Cols * Channels];
        CopyTo<T>(values);
        return values;
    }

    /// <summary>Copies the pixels, contiguous HWC, to <paramref name="destination"/>, which must hold exactly <see cref="ByteCount"/> bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length != ByteCount)
            throw new ArgumentException($"destination holds {destination.Length} bytes, the image has {ByteCount}", nameof(destination));
        using var pixels = Lock();
        int rowBytes = Cols * PixelSize;
        for (int r = 0; r < Rows; r++)
            pixels.Row(r).CopyTo(destination.Slice(r * rowBytes, rowBytes));
    }

    /// <summary>Copies the pixels, contiguous HWC, as elements of <typeparamref name="T"/>, which must match <see cref="Depth"/>.</summary>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        if (DepthExtensions.Of<T>() != Depth)
            throw new ArgumentException($"a {Depth} image cannot be read as {typeof(T).Name}", nameof(destination));
        CopyTo(MemoryMarshal.AsBytes(destination));
    }

    /// <inheritdoc/>
    public override string ToString() => IsDisposed ? "Mat(disposed)" : $"Mat({Rows}x{Cols}, {Depth}, {Channels} channels)";

    public void Dispose() => _handle.Dispose();

    internal PixelLock Lock() => new(this);

    private static void ValidateShape(int rows, int cols, int channels)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentOutOfRangeException(rows < 0 ? nameof(rows) : nameof(cols), "image size cannot be negative");
        if (channels is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 to 4");
    }

    /// <summary>Keeps the native Mat alive while its pixel memory is accessed.</summary>
    internal unsafe ref struct PixelLock
    {
        private readonly MatHandle _handle;
        private readonly byte* _data;
        private readonly nuint _step;
        private readonly int _rowBytes;
        private bool _held;

        public PixelLock(Mat mat)
        {
            _handle = mat.Handle;
            _handle.DangerousAddRef(ref _held);
            if (Native.p2cv_mat_info(_handle, out _, out _, out _, out _data, out _step) != 0)
            {
                _handle.DangerousRelease();
                throw new OpenCvException(Native.LastError());
            }
            _rowBytes = mat.Cols * mat.PixelSize;
            IsContinuous = _step == (nuint)_rowBytes || mat.Rows <= 1;
            Length = mat.ByteCount;
        }

        public bool IsContinuous { get; }

        public int Length { get; }

        /// <summary>All pixels; valid only when <see cref="IsContinuous"/>.</summary>
        public Span<byte> All => IsContinuous ? new Span<byte>(_data, Length) : throw new InvalidOperationException("Mat is not continuous");

        public Span<byte> Row(int row) => new(_data + (nuint)row * _step, _rowBytes);

        public void Dispose()
        {
            if (_held) _handle.DangerousRelease();
            _held = false;
        }
    }
}
