using System.Buffers.Binary;

namespace Pix2Pix.Weights;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{name: {"dtype", "shape", "data_offsets"}, "__metadata__": {..}}</c>, padded with spaces to a multiple
/// of 8), then the tensor bytes. Written headers list keys in ordinal order and data follows the same order.
/// </summary>
public static class SafeTensors
{
    /// <summary>Atomically writes <paramref name="tensors"/> to <paramref name="path"/> (see <see cref="AtomicFile"/>).</summary>
    /// <exception cref="ArgumentException">Two tensors share a name, or a name is "__metadata__".</exception>
    public static void Save(string path, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var sorted = SortForWriting(tensors);
        AtomicFile.Write(path, stream => WriteSorted(stream, sorted, metadata));
    }

    /// <summary>Writes the safetensors bytes to <paramref name="destination"/>.</summary>
    public static void Write(Stream destination, IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        WriteSorted(destination, SortForWriting(tensors), metadata);
    }

    /// <summary>The safetensors bytes of <paramref name="tensors"/>.</summary>
    public static byte[] ToBytes(IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, tensors, metadata);
        return buffer.ToArray();
    }

    /// <summary>Reads and validates a safetensors file.</summary>
    /// <exception cref="InvalidDataException">The file is not valid safetensors; the message names the file.</exception>
    public static SafeTensorsContent Load(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(file, path);
    }

    /// <summary>Reads and validates safetensors bytes.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="source">Names the data in error messages.</param>
    public static SafeTensorsContent Load(byte[] bytes, string source = "<bytes>")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream, source);
    }

    /// <summary>Reads and validates safetensors from <paramref name="stream"/> (to its end).</summary>
    /// <param name="stream">Positioned at the start of the safetensors data; need not be seekable.</param>
    /// <param name="source">Names the data in error messages.</param>
    public static SafeTensorsContent Load(Stream stream, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
            return Read(stream, source);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return Read(copy, source);
    }

    private static List<NamedTensor> SortForWriting(IEnumerable<NamedTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var sorted = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        for (int i = 0; i < sorted.Count; i++)
        {
            if (sorted[i].Name == SafeTensorsHeader.MetadataKey)
                throw new ArgumentException($"'{SafeTensorsHeader.MetadataKey}' is reserved and cannot name a tensor", nameof(tensors));
            if (i > 0 && sorted[i].Name == sorted[i - 1].Name)
                throw new ArgumentException($"two tensors are named '{sorted[i].Name}'", nameof(tensors));
        }
        return sorted;
    }

    private static void WriteSorted(Stream destination, List<NamedTensor> sorted, IReadOnlyDictionary<string, string>? metadata)
    {
        byte[] header = SafeTensorsHeader.Encode(sorted, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        destination.Write(length);
        destination.Write(header);
        foreach (var tensor in sorted)
            destination.Write(tensor.Data);
    }

    /// <summary>Reads and validates only the header of a safetensors file: its metadata, without the tensors' data.</summary>
    /// <exception cref="InvalidDataException">The file is not valid safetensors; the message names the file.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
        return ReadHeader(file, path).Metadata;
    }

    private static SafeTensorsContent Read(Stream stream, string source)
    {
        var (entries, metadata) = ReadHeader(stream, source);
        var tensors = new List<NamedTensor>(entries.Count);
        foreach (var entry in entries)
        {
            var data = new byte[entry.End - entry.Begin];
            stream.ReadExactly(data);
            tensors.Add(new NamedTensor(entry.Name, entry.DType, entry.Shape, data));
        }
        return new SafeTensorsContent(tensors, metadata);
    }

    private static (List<SafeTensorsHeader.Entry> Entries, Dictionary<string, string> Metadata) ReadHeader(Stream stream, string source)
    {
        long available = stream.Length - stream.Position;
        Span<byte> lengthBytes = stackalloc byte[8];
        if (available < 8 || stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            throw Invalid(source, $"{available} bytes is too short for a safetensors file (8-byte header length missing)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(available - 8))
            throw Invalid(source, $"header length {headerLength} exceeds the {available - 8} bytes after the length field");
        if (headerLength > SafeTensorsHeader.MaxHeaderBytes)
            throw Invalid(source, $"header length {headerLength} exceeds the {SafeTensorsHeader.MaxHeaderBytes}-byte limit");

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        long dataLength = available - 8 - (long)headerLength;
        return SafeTensorsHeader.Decode(headerBytes, dataLength, message => Invalid(source, message));
    }

    private static InvalidDataException Invalid(string source, string message) =>
        new($"{source}: invalid safetensors: {message}");
}
