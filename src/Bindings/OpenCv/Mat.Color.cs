namespace Pix2Pix.OpenCv;

public sealed partial class Mat
{
    /// <summary>
    /// Converts any decoded image to 8-bit RGB (<paramref name="channels"/> = 3) or 8-bit gray (1): the step every dataset
    /// and the inference pipeline run after decoding. Gray is expanded, alpha is dropped (not composited),
    /// 16-bit values are scaled by 1/257 with rounding (65535 → 255), float values by 255 (0..1 → 0..255).
    /// Always returns a new Mat.
    /// </summary>
    public Mat ToRgb8(int channels = 3)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "ToRgb8 produces 1 (gray) or 3 (RGB) channels");
        if (IsEmpty)
            throw new OpenCvException("cannot convert an empty image");

        using Mat? scaled = Depth switch
        {
            Depth.U8 => null,
            Depth.U16 => ConvertTo(Depth.U8, 1.0 / 257.0),
            Depth.F32 or Depth.F64 => ConvertTo(Depth.U8, 255.0),
            _ => throw new NotSupportedException($"ToRgb8 does not convert {Depth} images"),
        };
        Mat source = scaled ?? this;
        using Mat? firstChannel = source.Channels == 2 ? source.ExtractChannel(0) : null;
        source = firstChannel ?? source;

        return (source.Channels, channels) switch
        {
            (1, 1) or (3, 3) => source.Clone(),
            (1, 3) => source.ConvertColor(ColorCode.GrayToRgb),
            (3, 1) => source.ConvertColor(ColorCode.RgbToGray),
            (4, 1) => source.ConvertColor(ColorCode.RgbaToGray),
            _ => source.ConvertColor(ColorCode.RgbaToRgb),
        };
    }

    /// <summary>
    /// The same pixels in OpenCV's native BGR / BGRA order, for exchanging raw buffers with OpenCV code.
    /// Mats in BGR order must not be passed back to <see cref="Encode"/> or the drawing methods, which expect RGB.
    /// </summary>
    public Mat ToBgr() => Channels switch
    {
        3 => ConvertColor(ColorCode.RgbToBgr),
        4 => ConvertColor(ColorCode.RgbaToBgra),
        _ => Clone(),
    };

    /// <summary>Wraps RGB pixels given in BGR order (the inverse of <see cref="ToBgr"/>).</summary>
    public static Mat FromBgr(ReadOnlySpan<byte> hwc, int rows, int cols, int channels = 3)
    {
        using Mat bgr = FromPixels(hwc, rows, cols, channels);
        return bgr.ToBgr();
    }

    /// <summary>Converts the element type: every value becomes saturate(value · <paramref name="alpha"/> + <paramref name="beta"/>), rounded for integer depths.</summary>
    public Mat ConvertTo(Depth depth, double alpha = 1, double beta = 0) =>
        Native.Wrap(Native.p2cv_convert_to(Handle, depth.TypeCode(Channels), alpha, beta));

    /// <summary>One channel as a single-channel Mat.</summary>
    public Mat ExtractChannel(int channel)
    {
        if ((uint)channel >= (uint)Channels)
            throw new ArgumentOutOfRangeException(nameof(channel), channel, $"the image has {Channels} channels");
        return Native.Wrap(Native.p2cv_extract_channel(Handle, channel));
    }

    internal Mat ConvertColor(int code) => Native.Wrap(Native.p2cv_cvt_color(Handle, code));
}
