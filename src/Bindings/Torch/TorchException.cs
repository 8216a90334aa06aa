using System.Runtime.InteropServices;

namespace Pix2Pix.Torch;

/// <summary>An error reported by libtorch; <see cref="Exception.Message"/> is libtorch's own text.</summary>
public sealed class TorchException : Exception
{
    /// <summary>Creates an exception with the given message.</summary>
    public TorchException(string message) : base(message) { }

    internal static TorchException FromNative() =>
        new(Marshal.PtrToStringUTF8(Native.p2p_last_error()) is { Length: > 0 } m ? m : "libtorch reported an error without a message");

    internal static nint Check(nint handle) => handle != 0 ? handle : throw FromNative();

    /// <summary>Like <see cref="Check(nint)"/>, but explains a failure on a CUDA device that this process cannot use.</summary>
    internal static nint Check(nint handle, Device device)
    {
        if (handle != 0) return handle;
        var e = FromNative();
        if (device.Type != DeviceType.CUDA || torch.cuda_is_available()) throw e;
        throw new TorchException(
            $"CUDA is not available (torch.cuda_is_available() is false: this libtorch has no CUDA support or sees no GPU), so nothing can be placed on {device}. libtorch: {e.Message}");
    }

    internal static void Check(int status)
    {
        if (status < 0) throw FromNative();
    }

    internal static long Check(long value) => value >= 0 ? value : throw FromNative();
}
