#pragma warning disable CS8981 // lower-case name, as in TorchSharp
namespace Pix2Pix.Torch;

/// <summary>torch.nn.functional: every op takes and returns tensors and supports autograd.</summary>
public static class functional
{
    /// <summary>2-d convolution of NCHW <paramref name="x"/> with OIHW weight <paramref name="w"/>.</summary>
    public static Tensor conv2d(Tensor x, Tensor w, Tensor? b = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
        Tensor.From(Native.p2p_conv2d(x.Handle, w.Handle, Tensor.HandleOf(b), stride, padding, dilation, groups));

    /// <summary>2-d transposed convolution; weight is (in, out/groups, kH, kW).</summary>
    public static Tensor conv_transpose2d(Tensor x, Tensor w, Tensor? b = null, long stride = 1, long padding = 0, long output_padding = 0,
        long groups = 1, long dilation = 1) =>
        Tensor.From(Native.p2p_conv_transpose2d(x.Handle, w.Handle, Tensor.HandleOf(b), stride, padding, output_padding, groups, dilation));

    /// <summary>Batch normalization; in training mode the running statistics (when given) are updated in place with <paramref name="momentum"/>.</summary>
    public static Tensor batch_norm(Tensor x, Tensor? running_mean, Tensor? running_var, Tensor? weight, Tensor? bias, bool training,
        double momentum = 0.1, double eps = 1e-5) =>
        Tensor.From(Native.p2p_batch_norm(x.Handle, Tensor.HandleOf(running_mean), Tensor.HandleOf(running_var), Tensor.HandleOf(weight),
            Tensor.HandleOf(bias), training ? 1 : 0, momentum, eps));

    /// <summary>Instance normalization (per sample and channel statistics when <paramref name="use_input_stats"/>).</summary>
    public static Tensor instance_norm(Tensor x, Tensor? running_mean, Tensor? running_var, Tensor? weight, Tensor? bias, bool use_input_stats,
        double momentum = 0.1, double eps = 1e-5) =>
        Tensor.From(Native.p2p_instance_norm(x.Handle, Tensor.HandleOf(running_mean), Tensor.HandleOf(running_var), Tensor.HandleOf(weight),
            Tensor.HandleOf(bias), use_input_stats ? 1 : 0, momentum, eps));

    /// <summary><c>max(0, x) + negative_slope * min(0, x)</c>.</summary>
    public static Tensor leaky_relu(Tensor x, double negative_slope = 0.01) => Tensor.From(Native.p2p_leaky_relu(x.Handle, negative_slope));

    /// <summary><c>max(0, x)</c>.</summary>
    public static Tensor relu(Tensor x) => Tensor.From(Native.p2p_relu(x.Handle));

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor tanh(Tensor x) => Tensor.From(Native.p2p_tanh(x.Handle));

    /// <summary>Logistic sigmoid.</summary>
    public static Tensor sigmoid(Tensor x) => Tensor.From(Native.p2p_sigmoid(x.Handle));

    /// <summary>Zeroes elements with probability <paramref name="p"/> and scales the rest by 1/(1-p) when training; identity otherwise.</summary>
    public static Tensor dropout(Tensor x, double p, bool training) => Tensor.From(Native.p2p_dropout(x.Handle, p, training ? 1 : 0));

    /// <summary>(N, C·r², H, W) → (N, C, H·r, W·r): channel c·r² + i·r + j goes to row offset i, column offset j.</summary>
    public static Tensor pixel_shuffle(Tensor x, long upscale_factor) => Tensor.From(Native.p2p_pixel_shuffle(x.Handle, upscale_factor));

    /// <summary>Pads the last two dimensions by reflection.</summary>
    public static Tensor reflection_pad2d(Tensor x, long left, long right, long top, long bottom) =>
        Tensor.From(Native.p2p_reflection_pad2d(x.Handle, left, right, top, bottom));

    /// <summary>Pads the last two dimensions with zeros.</summary>
    public static Tensor zero_pad2d(Tensor x, long left, long right, long top, long bottom) =>
        Tensor.From(Native.p2p_zero_pad2d(x.Handle, left, right, top, bottom));

    /// <summary>Mean absolute error.</summary>
    public static Tensor l1_loss(Tensor x, Tensor target) => Tensor.From(Native.p2p_l1_loss(x.Handle, target.Handle));

    /// <summary>Mean squared error.</summary>
    public static Tensor mse_loss(Tensor x, Tensor target) => Tensor.From(Native.p2p_mse_loss(x.Handle, target.Handle));

    /// <summary>Mean binary cross-entropy of sigmoid(<paramref name="x"/>) against <paramref name="target"/>, computed stably.</summary>
    public static Tensor binary_cross_entropy_with_logits(Tensor x, Tensor target) =>
        Tensor.From(Native.p2p_bce_with_logits(x.Handle, target.Handle));

    /// <summary>
    /// torch.autograd.grad: the gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, without touching
    /// <see cref="Tensor.grad"/>. With <paramref name="create_graph"/> the results are differentiable (double backward) and the graph is retained.
    /// </summary>
    public static unsafe Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[]? grad_outputs = null, bool create_graph = false,
        bool retain_graph = false)
    {
        if (grad_outputs is not null && grad_outputs.Length != outputs.Length)
            throw new ArgumentException("grad_outputs must have one tensor per output.", nameof(grad_outputs));
        using var outs = new HandleList(outputs);
        using var ins = new HandleList(inputs);
        using var gouts = grad_outputs is null ? null : new HandleList(grad_outputs);
        var results = new nint[inputs.Length];
        fixed (nint* o = outs.Pointers)
        fixed (nint* i = ins.Pointers)
        fixed (nint* g = gouts?.Pointers)
        fixed (nint* r = results)
            TorchException.Check(Native.p2p_grad(o, outputs.Length, i, inputs.Length, g, retain_graph || create_graph ? 1 : 0,
                create_graph ? 1 : 0, r));
        var grads = new Tensor[results.Length];
        for (var k = 0; k < results.Length; k++) grads[k] = Tensor.From(results[k]);
        return grads;
    }
}
