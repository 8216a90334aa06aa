using System.Runtime.InteropServices;

namespace Pix2Pix.Torch;

/// <summary>Owns one native <c>at::Tensor*</c>; releasing it deletes the handle (the storage lives while other tensors share it).</summary>
internal sealed class TensorHandle : SafeHandle
{
    /// <summary>Stands for an absent optional tensor (a native null); never released.</summary>
    internal static readonly TensorHandle Null = new(0, ownsHandle: false);

    internal TensorHandle(nint handle, bool ownsHandle = true) : base(0, ownsHandle) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        Native.p2p_tensor_free(handle);
        return true;
    }
}
