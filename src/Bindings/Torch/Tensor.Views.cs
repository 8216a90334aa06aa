namespace Pix2Pix.Torch;

public sealed partial class Tensor
{
    /// <summary>This tensor on device <paramref name="d"/> (shares storage when already there).</summary>
    public Tensor to(Device d) => From(TorchException.Check(Native.p2p_tensor_to_device(Handle, (int)d.Type, d.Index), d));

    /// <summary>This tensor converted to <paramref name="t"/> (shares storage when already of that type).</summary>
    public Tensor to(ScalarType t) => From(Native.p2p_tensor_to_dtype(Handle, (int)t));

    /// <summary>This tensor on the host.</summary>
    public Tensor cpu() => to(Device.CPU);

    /// <summary>A tensor on the same storage, cut from the autograd graph.</summary>
    public Tensor detach() => From(Native.p2p_tensor_detach(Handle));

    /// <summary>A copy with its own storage (differentiable).</summary>
    public Tensor clone() => From(Native.p2p_tensor_clone(Handle));

    /// <summary>A second handle on the same tensor (same storage and autograd identity).</summary>
    public Tensor alias() => From(Native.p2p_tensor_alias(Handle));

    /// <summary>Row-major layout (shares storage when already so).</summary>
    public Tensor contiguous() => contiguous(MemoryFormat.Contiguous);

    /// <summary>The layout <paramref name="format"/> (shares storage when already so).</summary>
    public Tensor contiguous(MemoryFormat format) => From(Native.p2p_tensor_contiguous(Handle, (int)format));

    /// <summary>Same elements with another shape (a view when possible); one size may be -1.</summary>
    public unsafe Tensor reshape(params long[] shape)
    {
        fixed (long* p = shape) return From(Native.p2p_tensor_reshape(Handle, p, shape.Length));
    }

    /// <summary>A view with another shape; fails when the strides do not allow it.</summary>
    public unsafe Tensor view(params long[] shape)
    {
        fixed (long* p = shape) return From(Native.p2p_tensor_view(Handle, p, shape.Length));
    }

    /// <summary>A view with the dimensions reordered.</summary>
    public unsafe Tensor permute(params long[] dims)
    {
        fixed (long* p = dims) return From(Native.p2p_tensor_permute(Handle, p, dims.Length));
    }

    /// <summary>All dimensions from <paramref name="start_dim"/> to <paramref name="end_dim"/> merged into one.</summary>
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => From(Native.p2p_tensor_flatten(Handle, start_dim, end_dim));

    /// <summary>A view with two dimensions swapped.</summary>
    public Tensor transpose(long dim0, long dim1) => From(Native.p2p_tensor_transpose(Handle, dim0, dim1));

    /// <summary>The main diagonal of a 2-d tensor, as a view.</summary>
    public Tensor diagonal() => From(Native.p2p_tensor_diagonal(Handle));

    /// <summary>The view <c>[start:end:step]</c> along <paramref name="dim"/>.</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) => From(Native.p2p_tensor_slice(Handle, dim, start, end, step));

    /// <summary>The view of <paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/>.</summary>
    public Tensor narrow(long dim, long start, long length) => From(Native.p2p_tensor_narrow(Handle, dim, start, length));
}
