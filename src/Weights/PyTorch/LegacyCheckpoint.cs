using System.Buffers.Binary;
using System.Numerics;
using Pix2Pix.Weights.Pickle;

namespace Pix2Pix.Weights.PyTorch;

/// <summary>
/// The legacy torch.save format (PyTorch &lt; 1.6, or <c>_use_new_zipfile_serialization=False</c>): pickles of
/// the magic number, the protocol version, sys_info and the object, then a pickled list of storage keys, then
/// each storage as a little-endian int64 element count followed by its raw bytes.
/// </summary>
internal sealed class LegacyCheckpoint : ICheckpoint
{
    private static readonly BigInteger MagicNumber = BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);
    private const long ProtocolVersion = 1001;

    private readonly byte[] _file;
    private readonly string _source;
    private readonly Dictionary<string, (long Offset, long Length)> _storages;

    private LegacyCheckpoint(byte[] file, string source, object? root, Dictionary<string, (long Offset, long Length)> storages)
    {
        _file = file;
        _source = source;
        Root = root;
        _storages = storages;
    }

    public object? Root { get; }

    public static LegacyCheckpoint Open(byte[] file, string source)
    {
        var host = new TorchPickleHost(source);
        int position = 0;
        if (Unpickler.Load(file, ref position, source, host) is not BigInteger magic || magic != MagicNumber)
            throw new InvalidDataException($"{source}: not a PyTorch file (legacy magic number missing)");
        if (Unpickler.Load(file, ref position, source, host) is not ProtocolVersion)
            throw new InvalidDataException($"{source}: unsupported legacy protocol version (expected {ProtocolVersion})");
        if (Unpickler.Load(file, ref position, source, host) is PyDict sysInfo
            && sysInfo.Items.TryGetValue("little_endian", out var little) && little is false)
            throw new InvalidDataException($"{source}: big-endian legacy files are not supported");

        object? root = Unpickler.Load(file, ref position, source, host);
        if (Unpickler.Load(file, ref position, source, host) is not List<object?> keys)
            throw new InvalidDataException($"{source}: the storage key list is missing");

        var storages = new Dictionary<string, (long Offset, long Length)>(StringComparer.Ordinal);
        long offset = position;
        foreach (var item in keys)
        {
            if (item is not string key || !host.Storages.TryGetValue(key, out var storage))
                throw new InvalidDataException($"{source}: storage list names '{item}', which no tensor uses");
            if (offset + 8 > file.LongLength)
                throw new InvalidDataException($"{source}: file ends before storage '{key}'");
            long count = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan((int)offset, 8));
            offset += 8;
            if (count < storage.ElementCount || count > (file.LongLength - offset) / storage.DType.ElementSize())
                throw new InvalidDataException($"{source}: storage '{key}' records {count} elements; {storage.ElementCount} are used and the file holds at most {(file.LongLength - offset) / storage.DType.ElementSize()}");
            long length = count * storage.DType.ElementSize();
            storages[key] = (offset, length);
            offset += length;
        }
        return new LegacyCheckpoint(file, source, root, storages);
    }

    public ReadOnlyMemory<byte> ReadStorage(string key) =>
        _storages.TryGetValue(key, out var place)
            ? _file.AsMemory((int)place.Offset, (int)place.Length)
            : throw new InvalidDataException($"{_source}: storage '{key}' is used by a tensor but not stored");

    public void Dispose()
    {
    }
}
