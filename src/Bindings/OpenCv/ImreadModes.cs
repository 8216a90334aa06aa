namespace Pix2Pix.OpenCv;

/// <summary>How <see cref="Mat.Decode(ReadOnlySpan{byte}, ImreadModes)"/> reads an image; values are OpenCV's IMREAD_* flags.</summary>
public enum ImreadModes
{
    /// <summary>As stored: keeps alpha and 16-bit depth, ignores EXIF orientation.</summary>
    Unchanged = -1,
    /// <summary>8-bit, one channel.</summary>
    Grayscale = 0,
    /// <summary>8-bit, three channels (RGB after decoding); applies EXIF orientation.</summary>
    Color = 1,
    AnyDepth = 2,
    AnyColor = 4,
}
