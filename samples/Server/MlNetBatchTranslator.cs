using Microsoft.ML;
using Microsoft.ML.Data;
using Pix2Pix.Inference.MLNet;

namespace Pix2Pix.Samples.Server;

/// <summary>One image's result: the PNG bytes, or why it could not be translated.</summary>
/// <param name="Png">The translated image as PNG; null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the image could not be translated (a bad image); null on success.</param>
public readonly record struct TranslationOutcome(byte[]? Png, string? Error);

/// <summary>Translates a batch of encoded images; the results are in the order of the inputs, one per input.</summary>
public interface IBatchTranslator
{
    /// <summary>Translates <paramref name="images"/> together. A bad image gets an error outcome; the others are unaffected.</summary>
    IReadOnlyList<TranslationOutcome> Translate(IReadOnlyList<byte[]> images);
}

/// <summary>
/// The ML.NET route: an <see cref="ImageTranslationTransformer"/> fitted once (the model is loaded then) and shared by
/// every batch. A batch is an <see cref="IDataView"/> of the requests' bytes run through <c>Transform</c> with
/// <see cref="ImageTranslationOptions.SkipBadRows"/> on, so a bad image only fills its own row's error column.
/// </summary>
public sealed class MlNetBatchTranslator : IBatchTranslator, IDisposable
{
    private const string Output = "Translated", Error = "TranslatedError";
    private readonly MLContext _ml = new();
    private readonly SchemaDefinition _schema = SchemaDefinition.Create(typeof(ImageRow));
    private readonly ImageTranslationTransformer _transformer;

    /// <summary>Loads the model and fits the transformer.</summary>
    /// <param name="modelPath">The exported generator.</param>
    /// <param name="maxBatchSize">The largest batch <see cref="Translate"/> will be given (the transformer translates it in one go).</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads; 0 lets it choose.</param>
    public MlNetBatchTranslator(string modelPath, int maxBatchSize, int intraOpThreads)
    {
        ModelPath = modelPath;
        var options = new ImageTranslationOptions
        {
            ModelPath = modelPath,
            BatchSize = maxBatchSize,
            IntraOpThreads = intraOpThreads,
            SkipBadRows = true,
            ErrorColumnName = Error,
        };
        _transformer = _ml.Transforms.TranslateImages(Output, nameof(ImageRow.Image), options)
            .Fit(_ml.Data.LoadFromEnumerable(new List<ImageRow>(), _schema));
    }

    /// <summary>The model file loaded.</summary>
    public string ModelPath { get; }

    /// <summary>The transformer every batch goes through.</summary>
    public ImageTranslationTransformer Transformer => _transformer;

    /// <inheritdoc />
    public IReadOnlyList<TranslationOutcome> Translate(IReadOnlyList<byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var rows = images.Select(b => new ImageRow { Image = b }).ToList();
        IDataView translated = _transformer.Transform(_ml.Data.LoadFromEnumerable(rows, _schema));
        var outcomes = new List<TranslationOutcome>(rows.Count);
        DataViewSchema.Column pngColumn = translated.Schema[Output], errorColumn = translated.Schema[Error];
        using (DataViewRowCursor cursor = translated.GetRowCursor([pngColumn, errorColumn]))
        {
            var png = cursor.GetGetter<VBuffer<byte>>(pngColumn);
            var error = cursor.GetGetter<ReadOnlyMemory<char>>(errorColumn);
            VBuffer<byte> pngValue = default;
            ReadOnlyMemory<char> errorValue = default;
            while (cursor.MoveNext())
            {
                error(ref errorValue);
                if (errorValue.Length > 0)
                {
                    // The row (the request's place in its batch) means nothing to the client: only the reason is sent.
                    string image = ImageTranslationException.BytesImage(rows[outcomes.Count].Image.Length);
                    outcomes.Add(new TranslationOutcome(null, ImageTranslationException.ReasonOf(errorValue.ToString(), cursor.Position, image)));
                    continue;
                }
                png(ref pngValue);
                outcomes.Add(new TranslationOutcome(pngValue.IsDense ? pngValue.GetValues().ToArray() : pngValue.DenseValues().ToArray(), null));
            }
        }
        if (outcomes.Count != rows.Count)
            throw new InvalidOperationException($"the transformer gave {outcomes.Count} rows for a batch of {rows.Count}");
        return outcomes;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _transformer.Dispose();

    /// <summary>A request's image as a data view row.</summary>
    public sealed class ImageRow
    {
        /// <summary>The encoded image.</summary>
        public byte[] Image { get; set; } = [];
    }
}
