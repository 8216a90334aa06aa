namespace Pix2Pix.OpenCv;

/// <summary>Resampling filter of <see cref="Mat.Resize"/>; values are OpenCV's INTER_* codes.</summary>
public enum Interpolation
{
    /// <summary>OpenCV's historical nearest neighbour.</summary>
    Nearest = 0,
    Linear = 1,
    /// <summary>Bicubic (a = -0.75), what pix2pix uses; no antialiasing when shrinking, unlike PIL.</summary>
    Cubic = 2,
    /// <summary>Pixel-area averaging; the right choice for shrinking.</summary>
    Area = 3,
    /// <summary>Nearest neighbour with pixel-centre alignment, matching PIL and scikit-image.</summary>
    NearestExact = 6,
}
