namespace Pix2Pix.Training;

/// <summary>
/// Chooses between our faster CPU formulations and the kernels the official PyTorch code runs. Optimized (the
/// default): U-Net up-sampling as sub-pixel convolutions, Adam fused into one pass, gradients dropped instead of
/// zero-filled. Reference: plain transposed convolution, Adam as separate kernels, zero-filled gradients — what
/// benchmarks use to measure the binding's own overhead against the same work driven from C++.
/// </summary>
public static class Kernels
{
    public static bool Optimized { get; set; } = true;
}
