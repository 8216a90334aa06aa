namespace Pix2Pix.Torch;

public sealed partial class Tensor
{
    /// <summary>
    /// Accumulates d(this)/d(leaf) into the <see cref="grad"/> of every leaf that requires grad.
    /// <paramref name="gradient"/> may be omitted for a single-element tensor.
    /// </summary>
    public void backward(Tensor? gradient = null, bool retain_graph = false, bool create_graph = false) =>
        TorchException.Check(Native.p2p_backward(Handle, HandleOf(gradient), retain_graph || create_graph ? 1 : 0, create_graph ? 1 : 0));

    /// <summary>Sets <see cref="requires_grad"/> and returns this tensor.</summary>
    public Tensor requires_grad_(bool v = true)
    {
        requires_grad = v;
        return this;
    }
}
