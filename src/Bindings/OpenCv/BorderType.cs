namespace Pix2Pix.OpenCv;

/// <summary>How <see cref="Mat.CopyMakeBorder"/> fills the new border; values are OpenCV's BORDER_* codes.</summary>
public enum BorderType
{
    /// <summary>A fixed color.</summary>
    Constant = 0,
    /// <summary><c>aaaa|abcd|dddd</c></summary>
    Replicate = 1,
    /// <summary><c>dcba|abcd|dcba</c></summary>
    Reflect = 2,
    /// <summary><c>dcb|abcd|cba</c>, like numpy's and PyTorch's "reflect".</summary>
    Reflect101 = 4,
}
