namespace Pix2Pix.Torch;

public sealed partial class Tensor
{
    /// <summary>The sizes of all dimensions (a new array each call).</summary>
    public unsafe long[] shape
    {
        get
        {
            var h = Handle;
            var result = new long[TorchException.Check(Native.p2p_tensor_dim(h))];
            fixed (long* p = result) TorchException.Check(Native.p2p_tensor_sizes(h, p, result.Length));
            return result;
        }
    }

    /// <summary>Number of dimensions.</summary>
    public long dim() => TorchException.Check(Native.p2p_tensor_dim(Handle));

    /// <summary>Number of elements.</summary>
    public long numel() => TorchException.Check(Native.p2p_tensor_numel(Handle));

    /// <summary>Size of dimension <paramref name="d"/>; negative counts from the end.</summary>
    public long size(int d)
    {
        var s = shape;
        var i = d < 0 ? d + s.Length : d;
        if ((uint)i >= (uint)s.Length)
            throw new ArgumentOutOfRangeException(nameof(d), $"Dimension {d} is out of range for a {s.Length}-d tensor.");
        return s[i];
    }

    /// <summary>Element type.</summary>
    public ScalarType dtype => (ScalarType)TorchException.Check((long)Native.p2p_tensor_dtype(Handle));

    /// <summary>The device holding the data.</summary>
    public unsafe Device device
    {
        get
        {
            int type, index;
            TorchException.Check(Native.p2p_tensor_device(Handle, &type, &index));
            return new Device((DeviceType)type, index);
        }
    }

    /// <summary>Whether autograd records operations on this tensor.</summary>
    public bool requires_grad
    {
        get => TorchException.Check((long)Native.p2p_tensor_requires_grad(Handle)) != 0;
        set
        {
            // libtorch's C++ API silently ignores this on non-leaves; PyTorch refuses it, and so do we.
            if (!value && !is_leaf)
                throw new TorchException("you can only change requires_grad flags of leaf variables; use detach() for a tensor without history.");
            TorchException.Check(Native.p2p_tensor_set_requires_grad(Handle, value ? 1 : 0));
        }
    }

    /// <summary>Whether this is a leaf of the autograd graph (created by the user, not by an op that requires grad).</summary>
    public bool is_leaf => TorchException.Check((long)Native.p2p_tensor_is_leaf(Handle)) != 0;

    /// <summary>The accumulated gradient as a new handle on the same storage, or null when there is none.</summary>
    public unsafe Tensor? grad
    {
        get
        {
            nint g;
            TorchException.Check(Native.p2p_tensor_grad(Handle, &g));
            return g == 0 ? null : From(g);
        }
    }

    /// <summary>Drops the accumulated gradient (PyTorch's <c>p.grad = None</c>); the next backward stores a fresh one.</summary>
    public void reset_grad() => TorchException.Check(Native.p2p_tensor_reset_grad(Handle));

    /// <summary>Whether the strides match <paramref name="format"/>.</summary>
    public bool is_contiguous(MemoryFormat format = MemoryFormat.Contiguous) =>
        TorchException.Check((long)Native.p2p_tensor_is_contiguous(Handle, (int)format)) != 0;
}
