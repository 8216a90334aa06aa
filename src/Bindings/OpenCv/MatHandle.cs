using System.Runtime.InteropServices;

namespace Pix2Pix.OpenCv;

/// <summary>Owns one heap <c>cv::Mat*</c> created by the shim.</summary>
internal sealed class MatHandle : SafeHandle
{
    public MatHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Native.p2cv_mat_delete(handle);
        return true;
    }
}
