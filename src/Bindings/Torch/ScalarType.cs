namespace Pix2Pix.Torch;

/// <summary>Element types; values are c10::ScalarType codes.</summary>
public enum ScalarType
{
    /// <summary>64-bit integer (torch.long).</summary>
    Int64 = 4,
    /// <summary>32-bit float (torch.float).</summary>
    Float32 = 6,
    /// <summary>64-bit float (torch.double).</summary>
    Float64 = 7,
}
