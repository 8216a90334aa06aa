using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// One row's result: the PNG bytes (empty when it failed), the failure's message (empty when it did not) and, unless bad
/// rows are skipped, the exception to throw when the row's output is read.
/// </summary>
internal readonly record struct RowOutcome(byte[] Png, string Error, ImageTranslationException? Failure = null)
{
    /// <summary>The PNG bytes; throws the row's failure when bad rows are not skipped.</summary>
    public byte[] TakePng() => Failure is null ? Png : throw Failure;
}

/// <summary>Reads the image of the current row of a cursor from a path (text) or encoded-bytes (vector of bytes) column.</summary>
internal sealed class ImageSourceReader
{
    private readonly ValueGetter<ReadOnlyMemory<char>>? _pathGetter;
    private readonly ValueGetter<VBuffer<byte>>? _bytesGetter;
    private ReadOnlyMemory<char> _path;
    private VBuffer<byte> _bytes;

    public ImageSourceReader(DataViewRow row, DataViewSchema.Column column)
    {
        if (column.Type is TextDataViewType) _pathGetter = row.GetGetter<ReadOnlyMemory<char>>(column);
        else _bytesGetter = row.GetGetter<VBuffer<byte>>(column);
    }

    /// <summary>The image last read, for messages: its path or the size of its bytes.</summary>
    public string Source { get; private set; } = "";

    /// <summary>Decodes the current row's image (<see cref="Source"/> describes it even when decoding fails).</summary>
    public Mat Read()
    {
        Source = "(unread)";
        if (_pathGetter is not null)
        {
            _pathGetter(ref _path);
            string path = _path.ToString();
            Source = $"'{path}'";
            if (path.Length == 0) throw new ImageException("the path is empty");
            return ImageCodec.Read(path);
        }
        _bytesGetter!(ref _bytes);
        Source = $"{_bytes.Length} encoded bytes";
        if (_bytes.IsDense) return ImageCodec.Decode(_bytes.GetValues());
        var dense = new byte[_bytes.Length];
        _bytes.CopyTo(dense);
        return ImageCodec.Decode(dense);
    }
}

/// <summary>A row waiting for translation: its decoded image, or why it has none.</summary>
internal sealed record PendingRow(long Row, string Source, Mat? Image, Exception? Failure);

/// <summary>Translates rows through the shared <see cref="Translator"/>, attributing every failure to its row.</summary>
internal sealed class RowTranslator(Translator translator, bool skipBadRows)
{
    private long _batches;

    public Translator Translator { get; } = translator;

    /// <summary>Calls of <see cref="Translator.TranslateBatch"/> so far (for tests: rows are read ahead and translated together).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Reads the current row into a pending row; a read failure is kept, not thrown.</summary>
    public static PendingRow Read(ImageSourceReader reader, long row)
    {
        try
        {
            Mat image = reader.Read();
            return new PendingRow(row, reader.Source, image, null);
        }
        catch (Exception e) when (e is ImageException or IOException or ArgumentException)
        {
            return new PendingRow(row, reader.Source, null, e);
        }
    }

    /// <summary>Translates the decoded rows together (one batched model run per image size) and encodes them as PNG. Disposes the rows' images.</summary>
    public RowOutcome[] Translate(IReadOnlyList<PendingRow> rows)
    {
        var outcomes = new RowOutcome[rows.Count];
        try
        {
            var ready = new List<int>(rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                if (rows[i].Image is not null) ready.Add(i);
                else outcomes[i] = Fail(rows[i], rows[i].Failure!);
            }
            if (ready.Count == 0) return outcomes;
            IReadOnlyList<Mat> translated;
            try
            {
                Interlocked.Increment(ref _batches);
                translated = Translator.TranslateBatch(ready.Select(i => rows[i].Image!).ToList());
            }
            catch (Exception e) when (e is ArgumentException or ImageException or InvalidDataException)
            {
                // Find the culprit: translate one by one so that the failure names its row.
                foreach (int i in ready) outcomes[i] = TranslateOne(rows[i]);
                return outcomes;
            }
            for (int k = 0; k < ready.Count; k++)
            {
                using Mat result = translated[k];
                outcomes[ready[k]] = Encode(rows[ready[k]], result);
            }
            return outcomes;
        }
        finally
        {
            foreach (var row in rows) row.Image?.Dispose();
        }
    }

    private RowOutcome TranslateOne(PendingRow row)
    {
        Mat result;
        try
        {
            result = Translator.Translate(row.Image!);
        }
        catch (Exception e) when (e is ArgumentException or ImageException or InvalidDataException)
        {
            return Fail(row, e);
        }
        using (result) return Encode(row, result);
    }

    private RowOutcome Encode(PendingRow row, Mat result)
    {
        try
        {
            return new RowOutcome(ImageCodec.Encode(result, ".png"), "");
        }
        catch (ImageException e)
        {
            return Fail(row, e);
        }
    }

    private RowOutcome Fail(PendingRow row, Exception e)
    {
        string reason = e is ImageException ie ? ie.Reason : e.Message;
        var failure = new ImageTranslationException(row.Row, row.Source, reason, e);
        return new RowOutcome([], failure.Message, skipBadRows ? null : failure);
    }
}
