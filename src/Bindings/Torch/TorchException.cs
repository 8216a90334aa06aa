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

    internal static void Check(int status)
    {
        if (status < 0) throw FromNative();
    }

    internal static long Check(long value) => value >= 0 ? value : throw FromNative();
}
