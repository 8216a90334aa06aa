namespace Pix2Pix.OpenCv;

public sealed partial class Mat
{
    /// <summary>Resamples to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public Mat Resize(int width, int height, Interpolation interpolation = Interpolation.Cubic)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(width <= 0 ? nameof(width) : nameof(height), $"target size {width}x{height} must be positive");
        if (IsEmpty)
            throw new OpenCvException("cannot resize an empty image");
        return Native.Wrap(Native.p2cv_resize(Handle, width, height, (int)interpolation));
    }

    /// <summary>An owning copy of the rectangle whose top-left corner is (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle is empty or not inside the image.</exception>
    public Mat Crop(int x, int y, int width, int height)
    {
        if (width <= 0 || height <= 0 || x < 0 || y < 0 || (long)x + width > Cols || (long)y + height > Rows)
            throw new ArgumentOutOfRangeException(null,
                $"crop rectangle x={x}, y={y}, width={width}, height={height} is not inside the {Cols}x{Rows} image");
        return Native.Wrap(Native.p2cv_crop(Handle, x, y, width, height));
    }

    /// <summary>A mirrored copy.</summary>
    public Mat Flip(FlipMode mode) => Native.Wrap(Native.p2cv_flip(Handle, (int)mode));

    /// <summary>Pastes this image into <paramref name="destination"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    /// <exception cref="ArgumentException">Depth or channels differ, or the image does not fit.</exception>
    public void CopyTo(Mat destination, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Depth != Depth || destination.Channels != Channels)
            throw new ArgumentException(
                $"cannot paste a {Depth} {Channels}-channel image into a {destination.Depth} {destination.Channels}-channel one", nameof(destination));
        if (x < 0 || y < 0 || (long)x + Cols > destination.Cols || (long)y + Rows > destination.Rows)
            throw new ArgumentOutOfRangeException(null,
                $"a {Cols}x{Rows} image at x={x}, y={y} does not fit in the {destination.Cols}x{destination.Rows} destination");
        Native.Check(Native.p2cv_copy_to_region(Handle, destination.Handle, x, y));
    }

    /// <summary>Pads with a border; <paramref name="value"/> is the color of <see cref="BorderType.Constant"/> (black by default).</summary>
    public unsafe Mat CopyMakeBorder(int top, int bottom, int left, int right, BorderType type = BorderType.Reflect101, Rgb? value = null)
    {
        if (top < 0 || bottom < 0 || left < 0 || right < 0)
            throw new ArgumentOutOfRangeException(null, $"border sizes must not be negative (top={top}, bottom={bottom}, left={left}, right={right})");
        if (type == BorderType.Reflect101 && (Math.Max(top, bottom) >= Rows || Math.Max(left, right) >= Cols))
            throw new ArgumentOutOfRangeException(null,
                $"a Reflect101 border must be smaller than the {Cols}x{Rows} image (top={top}, bottom={bottom}, left={left}, right={right})");
        double* color = stackalloc double[4];
        ScalarOf(value ?? Rgb.Black, color);
        return Native.Wrap(Native.p2cv_copy_make_border(Handle, top, bottom, left, right, (int)type, color));
    }

    /// <summary>Places images side by side; all need the same height, depth and channels.</summary>
    public static Mat HConcat(params IReadOnlyList<Mat> mats) => Concat(mats, horizontal: true);

    /// <summary>Stacks images top to bottom; all need the same width, depth and channels.</summary>
    public static Mat VConcat(params IReadOnlyList<Mat> mats) => Concat(mats, horizontal: false);

    private static unsafe Mat Concat(IReadOnlyList<Mat> mats, bool horizontal)
    {
        ArgumentNullException.ThrowIfNull(mats);
        if (mats.Count == 0)
            throw new ArgumentException("nothing to concatenate", nameof(mats));
        Mat first = mats[0];
        foreach (Mat m in mats)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(mats));
            if (m.Depth != first.Depth || m.Channels != first.Channels || (horizontal ? m.Rows != first.Rows : m.Cols != first.Cols))
                throw new ArgumentException(
                    $"{(horizontal ? "HConcat needs equal heights" : "VConcat needs equal widths")}, depths and channels: {first} vs {m}", nameof(mats));
        }

        var held = new bool[mats.Count];
        var pointers = new IntPtr[mats.Count];
        try
        {
            for (int i = 0; i < mats.Count; i++)
            {
                MatHandle h = mats[i].Handle;
                h.DangerousAddRef(ref held[i]);
                pointers[i] = h.DangerousGetHandle();
            }
            fixed (IntPtr* p = pointers)
                return Native.Wrap(Native.p2cv_concat(p, pointers.Length, horizontal ? 1 : 0));
        }
        finally
        {
            for (int i = 0; i < mats.Count; i++)
                if (held[i]) mats[i].Handle.DangerousRelease();
        }
    }
}
