namespace Pix2Pix.Export;

/// <summary>How a ConvTranspose with kernel 4, stride 2, padding 1 (no output padding, group 1) is written to ONNX.</summary>
public enum ConvTransposeForm
{
    /// <summary>One <c>ConvTranspose</c> node, as the network computes it.</summary>
    ConvTranspose,

    /// <summary>
    /// One 3×3 pad-1 <c>Conv</c> to 4·C_out channels (each output phase's taps, zeros elsewhere) and
    /// <c>DepthToSpace</c> (blocksize 2, DCR). Exact; 2.25× the multiplies of the transposed convolution.
    /// </summary>
    SubPixel,

    /// <summary>
    /// Four 2×2 <c>Conv</c>s, one per output phase with its own asymmetric padding, <c>Concat</c> and
    /// <c>DepthToSpace</c> (blocksize 2, DCR). Exact; the same multiplies as the transposed convolution.
    /// </summary>
    SubPixelPhases,
}
