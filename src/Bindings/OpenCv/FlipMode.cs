namespace Pix2Pix.OpenCv;

/// <summary>Axis of <see cref="Mat.Flip"/>; values are OpenCV's flip codes.</summary>
public enum FlipMode
{
    /// <summary>Upside down (around the horizontal axis).</summary>
    Vertical = 0,
    /// <summary>Mirror left to right (around the vertical axis).</summary>
    Horizontal = 1,
    Both = -1,
}
