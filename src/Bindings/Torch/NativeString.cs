using System.Text;

namespace Pix2Pix.Torch;

/// <summary>Reads strings from shim functions that return the size needed and copy when the buffer suffices.</summary>
internal static unsafe class NativeString
{
    internal delegate long Reader(byte* dst, long capacity);

    internal static string Read(Reader read)
    {
        var needed = TorchException.Check(read(null, 0));
        var buffer = new byte[needed];
        fixed (byte* p = buffer) TorchException.Check(read(p, buffer.Length));
        return Encoding.UTF8.GetString(buffer, 0, (int)needed - 1);
    }
}
