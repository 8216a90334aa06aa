#pragma warning disable CS8981 // lower-case name, as in TorchSharp
namespace Pix2Pix.Torch;

/// <summary>torch.nn.init: fill an existing tensor in place, without recording autograd history.</summary>
public static class init
{
    /// <summary>Samples of N(mean, std²).</summary>
    public static void normal_(Tensor t, double mean, double std)
    {
        using var _ = torch.no_grad();
        t.normal_(mean, std);
    }

    /// <summary>Every element set to <paramref name="v"/>.</summary>
    public static void constant_(Tensor t, double v)
    {
        using var _ = torch.no_grad();
        t.fill_(v);
    }

    /// <summary>Glorot normal: N(0, gain² · 2 / (fan_in + fan_out)).</summary>
    public static void xavier_normal_(Tensor t, double gain)
    {
        var (fanIn, fanOut) = Fans(t);
        normal_(t, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>He normal for leaky_relu with negative slope <paramref name="a"/>: N(0, 2 / ((1 + a²) · fan)); <paramref name="mode"/> is "fan_in" or "fan_out".</summary>
    public static void kaiming_normal_(Tensor t, double a = 0, string mode = "fan_in")
    {
        var (fanIn, fanOut) = Fans(t);
        var fan = mode switch
        {
            "fan_in" => fanIn,
            "fan_out" => fanOut,
            _ => throw new ArgumentException($"mode must be fan_in or fan_out, not '{mode}'.", nameof(mode)),
        };
        normal_(t, 0, Math.Sqrt(2.0 / (1 + a * a)) / Math.Sqrt(fan));
    }

    /// <summary>A (semi-)orthogonal matrix over the flattened trailing dimensions, scaled by <paramref name="gain"/>.</summary>
    public static unsafe void orthogonal_(Tensor t, double gain)
    {
        if (t.dim() < 2) throw new ArgumentException("orthogonal_ needs a tensor with at least 2 dimensions.", nameof(t));
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var rows = t.size(0);
        var cols = t.numel() / rows;
        var flat = torch.randn([rows, cols], t.dtype, t.device);
        var tall = rows < cols ? flat.transpose(0, 1) : flat;
        nint q, r;
        TorchException.Check(Native.p2p_linalg_qr(tall.Handle, &q, &r));
        var qt = Tensor.From(q);
        var rt = Tensor.From(r);
        var signed = qt.mul(rt.diagonal().sign());
        var result = rows < cols ? signed.transpose(0, 1) : signed;
        t.copy_(result.reshape(t.shape).mul(gain));
    }

    private static (double fanIn, double fanOut) Fans(Tensor t)
    {
        var s = t.shape;
        if (s.Length < 2) throw new ArgumentException("Fan in/out need a tensor with at least 2 dimensions.", nameof(t));
        double receptive = 1;
        for (var i = 2; i < s.Length; i++) receptive *= s[i];
        return (s[1] * receptive, s[0] * receptive);
    }
}
