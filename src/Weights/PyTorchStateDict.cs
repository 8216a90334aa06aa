using Pix2Pix.Weights.PyTorch;

namespace Pix2Pix.Weights;

/// <summary>
/// Reads PyTorch <c>torch.save(net.state_dict())</c> files, zip format (PyTorch ≥ 1.6) and legacy format,
/// without running any code from the file: the pickle may only use the globals a state_dict needs.
/// </summary>
public static class PyTorchStateDict
{
    /// <summary>The DataParallel prefix found on keys of checkpoints saved from a wrapped network.</summary>
    public const string DataParallelPrefix = "module.";

    /// <summary>Loads the tensors of a state_dict file, in file order, as contiguous tensors.</summary>
    /// <param name="path">A .pth / .pt file.</param>
    /// <param name="key">
    /// For checkpoints that wrap the state dict in a dict (e.g. <c>{"state_dict": ...}</c> or <c>{"netG": ...}</c>):
    /// the top-level entry to read. Null reads the top-level dict itself.
    /// </param>
    /// <exception cref="InvalidDataException">Not a readable state_dict, or it references a disallowed global.</exception>
    public static IReadOnlyList<NamedTensor> Load(string path, string? key = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Load(file, key, path);
    }

    /// <summary>Loads a state_dict from <paramref name="stream"/> (read to its end).</summary>
    /// <param name="stream">The file's bytes; a non-seekable stream is buffered in memory first.</param>
    /// <param name="key">See <see cref="Load(string, string?)"/>.</param>
    /// <param name="source">Names the data in error messages.</param>
    public static IReadOnlyList<NamedTensor> Load(Stream stream, string? key = null, string source = "<stream>")
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            using var buffered = new MemoryStream();
            stream.CopyTo(buffered);
            buffered.Position = 0;
            return Load(buffered, key, source);
        }
        using var checkpoint = Open(stream, source);
        return StateDictSelector.Select(checkpoint, key, source);
    }

    /// <summary>Removes <paramref name="prefix"/> from the names that start with it.</summary>
    /// <exception cref="ArgumentException">Two tensors would end up with the same name.</exception>
    public static IReadOnlyList<NamedTensor> StripPrefix(IEnumerable<NamedTensor> tensors, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var result = tensors
            .Select(t => t.Name.StartsWith(prefix, StringComparison.Ordinal) ? t.WithName(t.Name[prefix.Length..]) : t)
            .ToList();
        var duplicate = result.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"removing '{prefix}' gives two tensors named '{duplicate.Key}'", nameof(tensors));
        return result;
    }

    /// <summary>Removes the <c>module.</c> prefix that DataParallel adds to every key.</summary>
    public static IReadOnlyList<NamedTensor> StripDataParallelPrefix(IEnumerable<NamedTensor> tensors) =>
        StripPrefix(tensors, DataParallelPrefix);

    private static ICheckpoint Open(Stream stream, string source)
    {
        long start = stream.Position;
        Span<byte> head = stackalloc byte[262];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        stream.Position = start;

        if (head.StartsWith("PK\u0003\u0004"u8))
            return ZipCheckpoint.Open(stream, source);
        if (read > 0 && head[0] == 0x80)
        {
            if (stream.Length - start > Array.MaxLength)
                throw new InvalidDataException($"{source}: legacy-format files over {Array.MaxLength} bytes are not supported; re-save in the zip format");
            var file = new byte[stream.Length - start];
            stream.ReadExactly(file);
            return LegacyCheckpoint.Open(file, source);
        }
        if (read >= 262 && head[257..262].SequenceEqual("ustar"u8))
            throw new InvalidDataException($"{source}: the tar-based format of PyTorch < 0.4 is not supported; re-save it with a newer PyTorch");
        throw new InvalidDataException($"{source}: not a PyTorch checkpoint (neither a zip archive nor a pickle)");
    }
}
