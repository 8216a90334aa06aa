using System.Buffers.Binary;

namespace Pix2Pix.Samples.Server;

/// <summary>
/// Reads the pixel size an encoded PNG, JPEG or BMP declares, without decoding it, so that a small file declaring a huge
/// image is refused before anything is allocated for its pixels.
/// </summary>
public static class ImageHeader
{
    /// <summary>The declared width and height; false for other formats or a header too short or malformed to say.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        if (data.Length >= 24 && data[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])
            && data.Slice(12, 4).SequenceEqual("IHDR"u8))
            return Set(BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]), out width, out height);
        if (data.Length >= 26 && data[0] == (byte)'B' && data[1] == (byte)'M')
            return Set((uint)Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(data[18..])), (uint)Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(data[22..])), out width, out height);
        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8) return TryReadJpeg(data, out width, out height);
        return false;
    }

    /// <summary>Walks the JPEG markers to the first start-of-frame (SOF0–SOF15 except DHT, JPG and DAC), which holds the size.</summary>
    private static bool TryReadJpeg(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        int i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF) return false;
            byte marker = data[i + 1];
            if (marker == 0xFF) { i++; continue; }
            if (marker is 0xD8 or 0x01 or >= 0xD0 and <= 0xD7) { i += 2; continue; }
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return i + 9 <= data.Length
                    && Set(BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]), out width, out height);
            if (marker == 0xDA || length < 2) return false;
            i += 2 + length;
        }
        return false;
    }

    private static bool Set(uint w, uint h, out int width, out int height)
    {
        width = (int)Math.Min(w, int.MaxValue);
        height = (int)Math.Min(h, int.MaxValue);
        return true;
    }
}
