namespace Pix2Pix.OpenCv;

/// <summary>
/// How <see cref="Mat.Decode(ReadOnlySpan{byte}, ImreadModes)"/> reads an image; values are OpenCV's IMREAD_* flags
/// (combinable as in OpenCV). Every mode other than <see cref="Unchanged"/> applies the EXIF orientation.
/// </summary>
public enum ImreadModes
{
    /// <summary>As stored: keeps alpha and 16-bit depth, ignores EXIF orientation. Follow with <see cref="Mat.ToRgb8"/>.</summary>
    Unchanged = -1,
    /// <summary>8-bit, one channel.</summary>
    Grayscale = 0,
    /// <summary>8-bit, three channels (RGB after decoding).</summary>
    Color = 1,
    /// <summary>Keeps 16-bit and float depths.</summary>
    AnyDepth = 2,
    /// <summary>Keeps gray images gray.</summary>
    AnyColor = 4,
}
