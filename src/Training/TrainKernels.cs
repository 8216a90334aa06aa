namespace Pix2Pix.Training;

/// <summary>
/// Which CPU formulations a model trains with. Each computes what the stock TorchSharp code computes (tested); they
/// differ in speed only. <see cref="Stock"/> is a TorchSharp user's plain code: <c>nn.ConvTranspose2d</c>, Adam as
/// separate tensor kernels, gradients zero-filled.
/// </summary>
public sealed record TrainKernels
{
    /// <summary>
    /// U-Net up-sampling (ConvTranspose2d k4 s2 p1) as one 3×3 convolution and a pixel shuffle, on the CPU where
    /// activations are large. Off by default: it paid 1.5–2.7× on libtorch 1.13's oneDNN, but on libtorch 2.10's own
    /// convolutions (what training runs where oneDNN fails the gradient check, see <see cref="TorchRuntime"/>) it made
    /// the unet_256 step 1.5× slower (docs/torchsharp.md).
    /// </summary>
    public bool SubPixelUpsampling { get; init; }

    /// <summary>Adam as one vectorized pass over each parameter, its gradient and both moments.</summary>
    public bool FusedAdam { get; init; } = true;

    /// <summary>Gradients dropped before each backward instead of zero-filled (PyTorch's <c>zero_grad(set_to_none=True)</c>).</summary>
    public bool GradsToNone { get; init; } = true;

    /// <summary>The default: the formulations that pay on this libtorch.</summary>
    public static TrainKernels Optimized { get; } = new();

    /// <summary>Every optimization off: what stock TorchSharp runs.</summary>
    public static TrainKernels Stock { get; } = new() { SubPixelUpsampling = false, FusedAdam = false, GradsToNone = false };
}
