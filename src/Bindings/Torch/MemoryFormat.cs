namespace Pix2Pix.Torch;

/// <summary>Memory layouts of a 4-d tensor; values are c10::MemoryFormat codes.</summary>
public enum MemoryFormat
{
    /// <summary>Row-major NCHW.</summary>
    Contiguous = 0,
    /// <summary>NHWC strides with NCHW shape.</summary>
    ChannelsLast = 2,
}
