namespace Pix2Pix.Torch;

public static partial class torch
{
    /// <summary>
    /// One Adam update of <paramref name="param"/> in place, in a single pass over memory for contiguous float32
    /// CPU tensors (elsewhere the same formula as separate kernels): m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g²,
    /// p −= step_size · m / (√v / bias_correction2_sqrt + eps).
    /// </summary>
    public static void _fused_adam_step_(Tensor param, Tensor grad, Tensor exp_avg, Tensor exp_avg_sq, double beta1, double beta2,
                                         double eps, double step_size, double bias_correction2_sqrt) =>
        TorchException.Check(Native.p2p_adam_step_(param.Handle, grad.Handle, exp_avg.Handle, exp_avg_sq.Handle, beta1, beta2, eps,
                                                    step_size, bias_correction2_sqrt));
}
