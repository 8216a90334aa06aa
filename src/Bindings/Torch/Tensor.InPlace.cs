namespace Pix2Pix.Torch;

public sealed partial class Tensor
{
    private Tensor Done(int status)
    {
        TorchException.Check(status);
        return this;
    }

    /// <summary>Sets every element to 0.</summary>
    public Tensor zero_() => Done(Native.p2p_zero_(Handle));
    /// <summary>Sets every element to <paramref name="v"/>.</summary>
    public Tensor fill_(double v) => Done(Native.p2p_fill_(Handle, v));
    /// <summary>Copies <paramref name="src"/> (broadcast, converted) into this tensor.</summary>
    public Tensor copy_(Tensor src) => Done(Native.p2p_copy_(Handle, src.Handle));
    /// <summary><c>this += alpha * o</c>.</summary>
    public Tensor add_(Tensor o, double alpha = 1) => Done(Native.p2p_add_(Handle, o.Handle, alpha));
    /// <summary><c>this += s</c>.</summary>
    public Tensor add_(double s) => Done(Native.p2p_add_scalar_(Handle, s));
    /// <summary><c>this *= s</c>.</summary>
    public Tensor mul_(double s) => Done(Native.p2p_mul_scalar_(Handle, s));
    /// <summary><c>this *= o</c>.</summary>
    public Tensor mul_(Tensor o) => Done(Native.p2p_mul_(Handle, o.Handle));
    /// <summary><c>this /= o</c>.</summary>
    public Tensor div_(Tensor o) => Done(Native.p2p_div_(Handle, o.Handle));
    /// <summary><c>this += value * a * b</c>.</summary>
    public Tensor addcmul_(Tensor a, Tensor b, double value) => Done(Native.p2p_addcmul_(Handle, a.Handle, b.Handle, value));
    /// <summary><c>this += value * a / b</c>.</summary>
    public Tensor addcdiv_(Tensor a, Tensor b, double value) => Done(Native.p2p_addcdiv_(Handle, a.Handle, b.Handle, value));
    /// <summary>Square root in place.</summary>
    public Tensor sqrt_() => Done(Native.p2p_sqrt_(Handle));
    /// <summary>Limits every element to [min, max].</summary>
    public Tensor clamp_(double min, double max) => Done(Native.p2p_clamp_(Handle, min, max));
    /// <summary>Fills with samples of N(mean, std²) from the default generator.</summary>
    public Tensor normal_(double mean = 0, double std = 1) => Done(Native.p2p_normal_(Handle, mean, std));
    /// <summary>Fills with samples of U[from, to) from the default generator.</summary>
    public Tensor uniform_(double from = 0, double to = 1) => Done(Native.p2p_uniform_(Handle, from, to));
}
