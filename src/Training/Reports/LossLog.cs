using System.Text;
using System.Text.Json;
using Pix2Pix.Weights;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// The run's loss log, <c>&lt;runDir&gt;/loss_log.jsonl</c>: one JSON object per line, appended and flushed to disk
/// record by record, so a crash loses at most the line being written. Safe to share between threads.
/// </summary>
public sealed class LossLog : IDisposable
{
    /// <summary>Name of the log inside the run folder.</summary>
    public const string FileName = "loss_log.jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        AllowOutOfOrderMetadataProperties = true,
    };

    private readonly object _gate = new();
    private FileStream _stream;
    private bool _disposed;

    private LossLog(string path)
    {
        Path = path;
        _stream = OpenForAppend(path);
    }

    /// <summary>Full path of the log file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating if needed) the log of <paramref name="runDir"/> for appending. A torn last line left by a crash
    /// is cut off first, so the next record starts on a line of its own.
    /// </summary>
    public static LossLog Open(string runDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDir);
        Directory.CreateDirectory(runDir);
        return new LossLog(System.IO.Path.GetFullPath(System.IO.Path.Combine(runDir, FileName)));
    }

    /// <summary>Appends <paramref name="record"/> as one line and flushes it to disk.</summary>
    public void Append(LossRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        byte[] line = Serialize(record);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>
    /// Drops every record after global iteration <paramref name="iter"/>, replacing the file atomically; a resumed run
    /// calls it with the iteration of the checkpoint it resumes from.
    /// </summary>
    /// <returns>The records kept.</returns>
    public IReadOnlyList<LossRecord> TruncateAfter(long iter)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _stream.Dispose();
            try
            {
                var kept = new List<LossRecord>();
                var text = new StringBuilder();
                foreach ((string line, LossRecord record) in ReadLines(Path))
                {
                    if (record.Iter > iter) continue;
                    kept.Add(record);
                    text.Append(line).Append('\n');
                }
                AtomicFile.WriteAllText(Path, text.ToString());
                return kept;
            }
            finally
            {
                _stream = OpenForAppend(Path);
            }
        }
    }

    /// <summary>
    /// Reads every record of a log. A missing file reads as empty; an unparsable last line (torn by a crash) is skipped.
    /// </summary>
    /// <exception cref="InvalidDataException">A line other than the last is not a valid record.</exception>
    public static IReadOnlyList<LossRecord> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return ReadLines(path).Select(entry => entry.Record).ToList();
    }

    /// <summary>The record as the one line (with its newline) that <see cref="Append"/> writes.</summary>
    public static byte[] Serialize(LossRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        byte[] line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stream.Dispose();
        }
    }

    private static List<(string Line, LossRecord Record)> ReadLines(string path)
    {
        var entries = new List<(string, LossRecord)>();
        if (!File.Exists(path)) return entries;
        string[] lines;
        using (var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var text = new StreamReader(reader, Encoding.UTF8))
            lines = text.ReadToEnd().Split('\n');

        int last = Array.FindLastIndex(lines, line => !string.IsNullOrWhiteSpace(line));
        for (int i = 0; i <= last; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            (LossRecord? record, string? error) = Parse(line);
            if (record is not null)
                entries.Add((line, record));
            else if (i != last)
                throw new InvalidDataException($"{path}: line {i + 1} is not a loss record ({error}): {Shorten(line)}");
        }
        return entries;
    }

    private static (LossRecord? Record, string? Error) Parse(string line)
    {
        try
        {
            LossRecord? record = JsonSerializer.Deserialize<LossRecord>(line, Json);
            return record is null ? (null, "null") : (record, null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return (null, e.Message);
        }
    }

    private static FileStream OpenForAppend(string path)
    {
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            stream.SetLength(EndOfLastCompleteLine(stream));
            stream.Seek(0, SeekOrigin.End);
            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static long EndOfLastCompleteLine(FileStream stream)
    {
        byte[] buffer = new byte[4096];
        long end = stream.Length;
        while (end > 0)
        {
            int count = (int)Math.Min(buffer.Length, end);
            stream.Seek(end - count, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, count);
            int newline = Array.LastIndexOf(buffer, (byte)'\n', count - 1, count);
            if (newline >= 0) return end - count + newline + 1;
            end -= count;
        }
        return 0;
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..77] + "...";
}
