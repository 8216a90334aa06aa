using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pix2Pix.Imaging.Tests;

/// <summary>Writes minimal PNG files by hand: colour types OpenCV cannot encode (gray+alpha), headers it must refuse.</summary>
internal static class PngBuilder
{
    public const byte Gray = 0;
    public const byte Rgb = 2;
    public const byte GrayAlpha = 4;

    /// <summary>A PNG of the given color type; <paramref name="samples"/> are row-major, big-endian when 16-bit.</summary>
    /// <param name="rows">How many rows <paramref name="samples"/> hold, when fewer than <paramref name="height"/> (a file whose data ends early).</param>
    public static byte[] Build(int width, int height, byte colorType, byte bitDepth, byte[] samples, int? rows = null)
    {
        int stored = rows ?? height;
        int rowBytes = samples.Length / stored;
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
            for (int y = 0; y < stored; y++)
            {
                z.WriteByte(0);
                z.Write(samples, y * rowBytes, rowBytes);
            }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        s.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        s.Write(word);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
