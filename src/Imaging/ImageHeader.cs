using System.Buffers.Binary;

namespace Pix2Pix.Imaging;

/// <summary>
/// An encoded image's size from its header, without decoding it, for PNG, JPEG, BMP and WebP: to refuse an image too
/// large to decode before <see cref="ImageCodec"/> allocates it.
/// </summary>
public static class ImageHeader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the width and height from the header; false when the format is another or the header is unreadable.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> data, out long width, out long height)
    {
        width = height = 0;
        if (data.Length >= 24 && data[..8].SequenceEqual(PngSignature) && data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
            height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
            return true;
        }
        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8) return TryReadJpeg(data, out width, out height);
        if (data.Length >= 26 && data[0] == (byte)'B' && data[1] == (byte)'M') return TryReadBmp(data, out width, out height);
        if (data.Length >= 30 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8)) return TryReadWebP(data, out width, out height);
        return false;
    }

    /// <summary>Walks the marker segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).</summary>
    private static bool TryReadJpeg(ReadOnlySpan<byte> data, out long width, out long height)
    {
        width = height = 0;
        int i = 2;
        while (i + 3 < data.Length)
        {
            if (data[i] != 0xFF) return false;
            byte marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }
            if (marker is 0xD9 or 0xDA) return false;
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (length < 2) return false;
            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
            {
                if (i + 9 > data.Length || length < 7) return false;
                height = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]);
                // A height of 0 is given later by a DNL marker: leave it to the decoder.
                return height > 0;
            }
            i += 2 + length;
        }
        return false;
    }

    /// <summary>BITMAPCOREHEADER (12 bytes: 16-bit sizes) or BITMAPINFOHEADER and later (signed 32-bit; a negative height is top-down).</summary>
    private static bool TryReadBmp(ReadOnlySpan<byte> data, out long width, out long height)
    {
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[20..]);
            return true;
        }
        width = height = 0;
        if (headerSize < 40) return false;
        width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
        height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..]));
        return true;
    }

    /// <summary>The first chunk: VP8 (lossy key frame), VP8L (lossless) or VP8X (extended: the canvas size).</summary>
    private static bool TryReadWebP(ReadOnlySpan<byte> data, out long width, out long height)
    {
        width = height = 0;
        ReadOnlySpan<byte> chunk = data.Slice(12, 4);
        if (chunk.SequenceEqual("VP8 "u8))
        {
            if (data[23] != 0x9D || data[24] != 0x01 || data[25] != 0x2A) return false;
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF;
            return true;
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (data[20] != 0x2F) return false;
            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            width = (bits & 0x3FFF) + 1;
            height = ((bits >> 14) & 0x3FFF) + 1;
            return true;
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            width = (data[24] | data[25] << 8 | data[26] << 16) + 1L;
            height = (data[27] | data[28] << 8 | data[29] << 16) + 1L;
            return true;
        }
        return false;
    }
}
