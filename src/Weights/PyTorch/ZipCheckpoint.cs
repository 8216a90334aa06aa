using System.IO.Compression;
using Pix2Pix.Weights.Pickle;

namespace Pix2Pix.Weights.PyTorch;

/// <summary>
/// The zip format of torch.save (PyTorch ≥ 1.6): <c>&lt;archive&gt;/data.pkl</c> holds the pickle and
/// <c>&lt;archive&gt;/data/&lt;key&gt;</c> each storage's raw bytes.
/// </summary>
internal sealed class ZipCheckpoint : ICheckpoint
{
    private const string PickleName = "data.pkl";

    private readonly ZipArchive _archive;
    private readonly string _prefix;
    private readonly string _source;
    private readonly TorchPickleHost _host;
    private readonly Dictionary<string, byte[]> _storages = new(StringComparer.Ordinal);

    private ZipCheckpoint(ZipArchive archive, string prefix, string source, TorchPickleHost host, object? root)
    {
        _archive = archive;
        _prefix = prefix;
        _source = source;
        _host = host;
        Root = root;
    }

    public object? Root { get; }

    public static ZipCheckpoint Open(Stream stream, string source)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: not a readable zip archive ({e.Message})", e);
        }
        try
        {
            var pickleEntry = FindPickle(archive, source);
            string prefix = pickleEntry.FullName[..^PickleName.Length];
            CheckByteOrder(archive, prefix, source);
            var host = new TorchPickleHost(source);
            byte[] pickle = ReadEntry(pickleEntry, source);
            int position = 0;
            object? root = Unpickler.Load(pickle, ref position, source, host);
            return new ZipCheckpoint(archive, prefix, source, host, root);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    public ReadOnlyMemory<byte> ReadStorage(string key)
    {
        if (_storages.TryGetValue(key, out var cached))
            return cached;
        var entry = _archive.GetEntry($"{_prefix}data/{key}")
            ?? throw new InvalidDataException($"{_source}: storage entry '{_prefix}data/{key}' is missing");
        var (dtype, count) = _host.Storages[key];
        byte[] bytes = ReadEntry(entry, _source);
        if (bytes.LongLength < count * dtype.ElementSize())
            throw new InvalidDataException($"{_source}: storage '{key}' has {bytes.LongLength} bytes, {count} × {dtype} expected");
        _storages[key] = bytes;
        return bytes;
    }

    public void Dispose() => _archive.Dispose();

    private static ZipArchiveEntry FindPickle(ZipArchive archive, string source)
    {
        var candidates = archive.Entries
            .Where(e => e.FullName == PickleName || (e.FullName.EndsWith("/" + PickleName, StringComparison.Ordinal)
                                                     && e.FullName.IndexOf('/') == e.FullName.Length - PickleName.Length - 1))
            .ToList();
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new InvalidDataException($"{source}: zip archive has no {PickleName}; it is not a torch.save file"),
            _ => throw new InvalidDataException($"{source}: zip archive has several {PickleName} entries"),
        };
    }

    private static void CheckByteOrder(ZipArchive archive, string prefix, string source)
    {
        var entry = archive.GetEntry(prefix + "byteorder");
        if (entry is null)
            return;
        string order = System.Text.Encoding.ASCII.GetString(ReadEntry(entry, source)).Trim();
        if (order != "little")
            throw new InvalidDataException($"{source}: byte order '{order}' is not supported (only little-endian)");
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, string source)
    {
        if (entry.Length > Array.MaxLength)
            throw new InvalidDataException($"{source}: entry '{entry.FullName}' is too large ({entry.Length} bytes)");
        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        try
        {
            stream.ReadExactly(bytes);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{source}: entry '{entry.FullName}' is truncated", e);
        }
        return bytes;
    }
}
