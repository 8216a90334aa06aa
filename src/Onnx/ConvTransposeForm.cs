namespace Pix2Pix.Onnx;

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

    /// <summary>
    /// Per layer, the form ONNX Runtime's CPU kernels run fastest, all exact: layers with at least
    /// <see cref="ConvTransposeForms.AutoMinPhaseChannels"/> output channels get <see cref="SubPixelPhases"/>, whose phases
    /// are interleaved by Concats and a permutation MatMul instead of DepthToSpace where the layer's input width is always
    /// a multiple of 16 (from the model's size_multiple); narrower layers (the RGB output layer) stay <c>ConvTranspose</c>
    /// in float models — ONNX Runtime's blocked float32 convolutions compute 16 output channels at a time, so 3-channel
    /// phase convolutions cost 5× their work — and become a 1×1 convolution to the kernel taps plus a 3×3 0/1
    /// convolution summing them when quantizing (no int8 ConvTranspose on CPU). See docs/quantization.md.
    /// </summary>
    Auto,
}

/// <summary>Thresholds of <see cref="ConvTransposeForm.Auto"/>.</summary>
public static class ConvTransposeForms
{
    /// <summary>Output channels from which <see cref="ConvTransposeForm.Auto"/> writes phase convolutions.</summary>
    public const int AutoMinPhaseChannels = 16;
}
