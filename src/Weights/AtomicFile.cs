namespace Pix2Pix.Weights;

/// <summary>
/// Replaces a file all at once: the content goes to a temporary file in the same directory, is flushed to disk,
/// and is then renamed over the target. Readers see the old file or the new one, never a partial one; if
/// writing fails the old file is untouched and the temporary file is removed.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, creating its directory if needed.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Fills the stream; it may dispose it (the dispose is ignored), but must not keep it.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (target, temporary) = Prepare(path);
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(new NonClosingStream(file));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Atomically writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Atomically writes <paramref name="bytes"/> to <paramref name="path"/> with asynchronous I/O; cancelling leaves no file behind.</summary>
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var (target, temporary) = Prepare(path);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Atomically writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>
    /// Removes the temporary files that writes into <paramref name="directory"/> left behind when their process was killed
    /// before the rename (<c>.&lt;name&gt;.&lt;32 hex digits&gt;.tmp</c>); the targets themselves are whole, old or new.
    /// Call it only when no other process is writing into the directory. A missing directory is fine.
    /// </summary>
    /// <param name="directory">The folder to clean.</param>
    /// <param name="search">Whether its subfolders are cleaned too.</param>
    /// <returns>How many files were removed.</returns>
    public static int RemoveLeftovers(string directory, SearchOption search = SearchOption.TopDirectoryOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
            return 0;
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(directory, ".*.tmp", search))
        {
            if (!IsTemporaryName(Path.GetFileName(file)))
                continue;
            TryDelete(file);
            removed += File.Exists(file) ? 0 : 1;
        }
        return removed;
    }

    /// <summary>
    /// Removes the temporary files that killed writes of <paramref name="targets"/> left behind, and only theirs, so other
    /// processes may go on writing other files into the same folders (for example the other shards of a conversion).
    /// </summary>
    /// <param name="targets">The files this process is about to write.</param>
    /// <returns>How many files were removed.</returns>
    public static int RemoveLeftoversOf(IEnumerable<string> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        int removed = 0;
        foreach (var folder in targets.Select(Path.GetFullPath).GroupBy(t => Path.GetDirectoryName(t)!, StringComparer.Ordinal))
        {
            if (!Directory.Exists(folder.Key))
                continue;
            var names = folder.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            foreach (string file in Directory.EnumerateFiles(folder.Key, ".*.tmp"))
            {
                string name = Path.GetFileName(file);
                if (!IsTemporaryName(name) || !names.Contains(name[1..^(1 + 32 + 4)]))
                    continue;
                TryDelete(file);
                removed += File.Exists(file) ? 0 : 1;
            }
        }
        return removed;
    }

    /// <summary>The full target path and a new temporary name beside it; creates the directory.</summary>
    private static (string Target, string Temporary) Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"'{path}' has no parent directory", nameof(path));
        Directory.CreateDirectory(directory);
        return (target, Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp"));
    }

    private static bool IsTemporaryName(string name)
    {
        // "." + target + "." + 32 hex digits + ".tmp", as Write names them.
        const int Suffix = 1 + 32 + 4;
        if (name.Length <= 1 + Suffix || name[0] != '.' || !name.EndsWith(".tmp", StringComparison.Ordinal))
            return false;
        int dot = name.Length - Suffix;
        return name[dot] == '.' && !name.AsSpan(dot + 1, 32).ContainsAnyExcept("0123456789abcdef");
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
