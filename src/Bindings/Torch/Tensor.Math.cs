namespace Pix2Pix.Torch;

public sealed partial class Tensor
{
    /// <summary><c>this + alpha * o</c> (broadcasting).</summary>
    public Tensor add(Tensor o, double alpha = 1) => From(Native.p2p_add(Handle, o.Handle, alpha));
    /// <summary><c>this - alpha * o</c>.</summary>
    public Tensor sub(Tensor o, double alpha = 1) => From(Native.p2p_sub(Handle, o.Handle, alpha));
    /// <summary>Element-wise product.</summary>
    public Tensor mul(Tensor o) => From(Native.p2p_mul(Handle, o.Handle));
    /// <summary>Element-wise quotient.</summary>
    public Tensor div(Tensor o) => From(Native.p2p_div(Handle, o.Handle));
    /// <summary>Element-wise power with a tensor exponent.</summary>
    public Tensor pow(Tensor exponent) => From(Native.p2p_pow_tensor(Handle, exponent.Handle));
    /// <summary>Matrix product (torch.matmul semantics).</summary>
    public Tensor matmul(Tensor o) => From(Native.p2p_matmul(Handle, o.Handle));

    /// <summary><c>this + s</c>.</summary>
    public Tensor add(double s) => From(Native.p2p_add_scalar(Handle, s));
    /// <summary><c>this - s</c>.</summary>
    public Tensor sub(double s) => From(Native.p2p_add_scalar(Handle, -s));
    /// <summary><c>this * s</c>.</summary>
    public Tensor mul(double s) => From(Native.p2p_mul_scalar(Handle, s));
    /// <summary><c>this / s</c>.</summary>
    public Tensor div(double s) => From(Native.p2p_div_scalar(Handle, s));
    /// <summary><c>this ^ e</c>.</summary>
    public Tensor pow(double e) => From(Native.p2p_pow(Handle, e));

    /// <summary><c>-this</c>.</summary>
    public Tensor neg() => From(Native.p2p_neg(Handle));
    /// <summary>Absolute value.</summary>
    public Tensor abs() => From(Native.p2p_abs(Handle));
    /// <summary>Square root.</summary>
    public Tensor sqrt() => From(Native.p2p_sqrt(Handle));
    /// <summary>Natural exponential.</summary>
    public Tensor exp() => From(Native.p2p_exp(Handle));
    /// <summary>Natural logarithm.</summary>
    public Tensor log() => From(Native.p2p_log(Handle));
    /// <summary>-1, 0 or 1 per element.</summary>
    public Tensor sign() => From(Native.p2p_sign(Handle));
    /// <summary>Each element limited to [min, max].</summary>
    public Tensor clamp(double min, double max) => From(Native.p2p_clamp(Handle, min, max));

    /// <summary>Mean of all elements (0-d tensor).</summary>
    public Tensor mean() => From(Native.p2p_mean(Handle));
    /// <summary>Sum of all elements (0-d tensor).</summary>
    public Tensor sum() => From(Native.p2p_sum(Handle));
    /// <summary>Mean over <paramref name="dims"/>.</summary>
    public unsafe Tensor mean(long[] dims, bool keepdim = false)
    {
        fixed (long* p = dims) return From(Native.p2p_mean_dims(Handle, p, dims.Length, keepdim ? 1 : 0));
    }
    /// <summary>Sum over <paramref name="dims"/>.</summary>
    public unsafe Tensor sum(long[] dims, bool keepdim = false)
    {
        fixed (long* p = dims) return From(Native.p2p_sum_dims(Handle, p, dims.Length, keepdim ? 1 : 0));
    }
    /// <summary>Largest element (0-d tensor).</summary>
    public Tensor max() => From(Native.p2p_max(Handle));
    /// <summary>Smallest element (0-d tensor).</summary>
    public Tensor min() => From(Native.p2p_min(Handle));

    /// <summary>Element-wise equality as float32 0/1.</summary>
    public Tensor eq(Tensor o) => From(Native.p2p_eq(Handle, o.Handle));
    /// <summary><c>this &gt; s</c> as float32 0/1.</summary>
    public Tensor gt(double s) => From(Native.p2p_gt_scalar(Handle, s));
    /// <summary><c>this &lt; s</c> as float32 0/1.</summary>
    public Tensor lt(double s) => From(Native.p2p_lt_scalar(Handle, s));
}
