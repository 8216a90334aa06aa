using System.Runtime.ExceptionServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// One row's result: the output (PNG bytes, or opaque Bgra32 pixels of <see cref="Width"/> × <see cref="Height"/>; empty
/// when it failed), the failure's message (empty when it did not) and, unless bad rows are skipped, the exception to
/// throw when the row's output is read.
/// </summary>
internal readonly record struct RowOutcome(byte[] Data, int Width, int Height, string Error, ImageTranslationException? Failure = null)
{
    /// <summary>The output; throws the row's failure when bad rows are not skipped.</summary>
    public byte[] TakeData() => Failure is null ? Data : throw Failure;
}

/// <summary>
/// Reads the image of the current row of a cursor from a path (text), encoded-bytes (vector of bytes) or
/// <see cref="MLImage"/> column, refusing images over the pixel limit before decoding them where the header tells.
/// </summary>
internal sealed class ImageSourceReader
{
    private readonly ValueGetter<ReadOnlyMemory<char>>? _pathGetter;
    private readonly ValueGetter<VBuffer<byte>>? _bytesGetter;
    private readonly ValueGetter<MLImage>? _imageGetter;
    private readonly long _maxPixels;
    private ReadOnlyMemory<char> _path;
    private VBuffer<byte> _bytes;

    // Handed back to the getter on the next row: LoadImages disposes the image it gave before.
    private MLImage? _image;

    public ImageSourceReader(DataViewRow row, DataViewSchema.Column column, long maxPixels)
    {
        _maxPixels = maxPixels;
        switch (column.Type)
        {
            case TextDataViewType:
                _pathGetter = row.GetGetter<ReadOnlyMemory<char>>(column);
                break;
            case ImageDataViewType:
                _imageGetter = row.GetGetter<MLImage>(column);
                break;
            default:
                _bytesGetter = row.GetGetter<VBuffer<byte>>(column);
                break;
        }
    }

    /// <summary>The image last read, for messages: its path, the size of its bytes, or the MLImage.</summary>
    public string Source { get; private set; } = "";

    /// <summary>Decodes the current row's image (<see cref="Source"/> describes it even when decoding fails).</summary>
    /// <exception cref="ImageException">The image cannot be read or decoded, has no pixels, or is over the pixel limit.</exception>
    public Mat Read()
    {
        Source = "(unread)";
        if (_pathGetter is not null)
        {
            _pathGetter(ref _path);
            string path = _path.ToString();
            Source = ImageTranslationException.PathImage(path);
            if (path.Length == 0) throw new ImageException("the path is empty");
            return Decode(ReadFile(path), path, _maxPixels);
        }
        if (_imageGetter is not null) return ReadImage();
        _bytesGetter!(ref _bytes);
        Source = ImageTranslationException.BytesImage(_bytes.Length);
        if (_bytes.IsDense) return Decode(_bytes.GetValues(), null, _maxPixels);
        var dense = new byte[_bytes.Length];
        _bytes.CopyTo(dense);
        return Decode(dense, null, _maxPixels);
    }

    private Mat ReadImage()
    {
        Source = "MLImage";
        _imageGetter!(ref _image!);
        string source = Source;
        try
        {
            return ReadImage(_image, _maxPixels, out source);
        }
        finally
        {
            Source = source;
        }
    }

    /// <summary>An MLImage's pixels as a BGR Mat; <paramref name="source"/> names it for messages (its tag, else its size).</summary>
    /// <exception cref="ImageException">The image is null, disposed, over the pixel limit or of another pixel format.</exception>
    public static Mat ReadImage(MLImage? image, long maxPixels, out string source)
    {
        source = "MLImage";
        if (image is null) throw new ImageException("no image: the MLImage is null (LoadImages gives none for an empty path)");
        int width, height;
        string? tag;
        try
        {
            (width, height, tag) = (image.Width, image.Height, image.Tag);
        }
        catch (InvalidOperationException e)
        {
            throw new ImageException("the MLImage is disposed", inner: e);
        }
        source = string.IsNullOrEmpty(tag) ? $"{width}x{height} MLImage" : ImageTranslationException.PathImage(tag);
        PixelLimit.CheckSize(width, height, maxPixels);
        return MLImagePixels.ToBgr(image, width, height);
    }

    /// <summary>Decodes encoded bytes (of <paramref name="path"/>, when a file), refusing an image over the limit from its header when the format tells, else after decoding.</summary>
    /// <exception cref="ImageException">The bytes are not a decodable image, or the image is over the pixel limit.</exception>
    public static Mat Decode(ReadOnlySpan<byte> bytes, string? path, long maxPixels)
    {
        if (ImageHeader.TryReadSize(bytes, out long width, out long height)) PixelLimit.CheckSize(width, height, maxPixels);
        Mat image = ImageCodec.Decode(bytes, path);
        try
        {
            PixelLimit.CheckSize(image.Width, image.Height, maxPixels);
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>The file's bytes; failures worded as <see cref="ImageCodec.Read"/> words them.</summary>
    public static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ImageException(e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read file: {e.Message}", path, e);
        }
    }
}

/// <summary>
/// A row on its way through translation: its decoded image, then its translated image, or why it has none. The
/// <see cref="RowTranslator"/> that made it releases <see cref="Image"/> exactly once.
/// </summary>
internal sealed class RowImage(long row, string source, Mat? image, Exception? failure)
{
    public long Row { get; } = row;

    public string Source { get; } = source;

    public Exception? Failure { get; set; } = failure;

    public Mat? Image = image;
}

/// <summary>
/// Translates rows through the shared <see cref="Translator"/> in two steps, <see cref="Run"/> (the model) and
/// <see cref="Finish"/> (PNG or MLImage pixels), attributing every failure to its row.
/// </summary>
internal sealed class RowTranslator(Translator translator, bool skipBadRows, ImageTranslationOutputKind outputKind, long maxImagePixels)
{
    private long _batches, _liveImages;

    public Translator Translator { get; } = translator;

    public long MaxImagePixels { get; } = maxImagePixels;

    /// <summary>Calls of <see cref="Translator.TranslateBatch"/> so far (for tests: rows are read ahead and translated together).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Decoded or translated images made and not yet released (for tests: nothing leaks).</summary>
    public long LiveImages => Interlocked.Read(ref _liveImages);

    /// <summary>Reads the current row; a read failure is kept, not thrown.</summary>
    public RowImage Read(ImageSourceReader reader, long row)
    {
        try
        {
            Mat image = reader.Read();
            Interlocked.Increment(ref _liveImages);
            return new RowImage(row, reader.Source, image, null);
        }
        catch (Exception e) when (e is ImageException or IOException or ArgumentException or OpenCVException)
        {
            return new RowImage(row, reader.Source, null, e);
        }
    }

    /// <summary>Translates (Run, then Finish) on this thread: one image at a time for a <c>PredictionEngine</c>.</summary>
    public RowOutcome[] Translate(RowImage[] rows)
    {
        try
        {
            Run(rows);
            return Finish(rows, parallel: false);
        }
        finally
        {
            Release(rows);
        }
    }

    /// <summary>
    /// Replaces the rows' decoded images by their translations, in one batched model run per image size; a row whose
    /// image cannot be translated gets its failure instead. Throws only on failures of no single row (the caller then
    /// releases the rows).
    /// </summary>
    public void Run(RowImage[] rows)
    {
        var ready = rows.Where(r => r.Image is not null).ToList();
        if (ready.Count == 0) return;
        IReadOnlyList<Mat> translated;
        try
        {
            Interlocked.Increment(ref _batches);
            translated = Translator.TranslateBatch(ready.Select(r => r.Image!).ToList());
        }
        catch (Exception e) when (e is ArgumentException or ImageException or InvalidDataException)
        {
            // Find the culprit: translate one by one so that the failure names its row.
            foreach (RowImage row in ready) RunOne(row);
            return;
        }
        for (int k = 0; k < ready.Count; k++) Replace(ready[k], translated[k]);
    }

    private void RunOne(RowImage row)
    {
        Mat result;
        try
        {
            result = Translator.Translate(row.Image!);
        }
        catch (Exception e) when (e is ArgumentException or ImageException or InvalidDataException)
        {
            row.Failure = e;
            Release(row);
            return;
        }
        Replace(row, result);
    }

    /// <summary>The rows' outputs, in order (each image encoded on a worker when <paramref name="parallel"/>); releases every row's image.</summary>
    public RowOutcome[] Finish(RowImage[] rows, bool parallel)
    {
        var outcomes = new RowOutcome[rows.Length];
        try
        {
            if (parallel && rows.Length > 1) Parallel.For(0, rows.Length, i => outcomes[i] = Output(rows[i]));
            else for (int i = 0; i < rows.Length; i++) outcomes[i] = Output(rows[i]);
            return outcomes;
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }
        finally
        {
            Release(rows);
        }
    }

    private RowOutcome Output(RowImage row)
    {
        try
        {
            if (row.Image is not { } image) return Fail(row, row.Failure!);
            return outputKind == ImageTranslationOutputKind.Png
                ? new RowOutcome(ImageCodec.Encode(image, ".png"), 0, 0, "")
                : new RowOutcome(MLImagePixels.ToBgra(image), image.Width, image.Height, "");
        }
        catch (ImageException e)
        {
            return Fail(row, e);
        }
        finally
        {
            Release(row);
        }
    }

    private RowOutcome Fail(RowImage row, Exception e)
    {
        string reason = e is ImageException ie ? ie.Reason : e.Message;
        var failure = new ImageTranslationException(row.Row, row.Source, reason, e);
        return new RowOutcome([], 0, 0, failure.Message, skipBadRows ? null : failure);
    }

    private void Replace(RowImage row, Mat translated)
    {
        Interlocked.Increment(ref _liveImages);
        Release(row);
        row.Image = translated;
    }

    /// <summary>Disposes the row's image, if it still has one.</summary>
    public void Release(RowImage row)
    {
        if (Interlocked.Exchange(ref row.Image, null) is { } image)
        {
            image.Dispose();
            Interlocked.Decrement(ref _liveImages);
        }
    }

    /// <summary>Disposes the rows' images that are left.</summary>
    public void Release(IEnumerable<RowImage> rows)
    {
        foreach (RowImage row in rows) Release(row);
    }
}

/// <summary>Output helpers shared by the view and the row mapper.</summary>
internal static class Outcomes
{
    /// <summary>
    /// The getter of an added column: the output (the column right after the input's: PNG bytes or an MLImage) or the
    /// error text, of the row <paramref name="current"/> gives.
    /// </summary>
    public static ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, int inputCount, Func<RowOutcome> current)
    {
        Delegate getter = column.Index != inputCount
            ? (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = current().Error.AsMemory())
            : column.Type is ImageDataViewType
                ? (ValueGetter<MLImage>)((ref MLImage value) => SetImage(current(), ref value))
                : (ValueGetter<VBuffer<byte>>)((ref VBuffer<byte> value) => CopyPng(current().TakeData(), ref value));
        return getter as ValueGetter<TValue>
            ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue)}");
    }

    private static void CopyPng(byte[] png, ref VBuffer<byte> value)
    {
        var editor = VBufferEditor.Create(ref value, png.Length);
        png.CopyTo(editor.Values);
        value = editor.Commit();
    }

    /// <summary>
    /// A new MLImage of the row's pixels (null for a skipped row), owned by the reader. The one handed back is not
    /// disposed: ML.NET's typed rows and <c>PredictionEngine</c> hand back the image they gave to the previous row or
    /// prediction, which its user may still hold.
    /// </summary>
    private static void SetImage(RowOutcome outcome, ref MLImage value)
    {
        byte[] bgra = outcome.TakeData();
        value = bgra.Length == 0 ? null! : MLImage.CreateFromPixels(outcome.Width, outcome.Height, MLPixelFormat.Bgra32, bgra);
    }
}
