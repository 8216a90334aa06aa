using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// Translates the images of a column with a loaded pix2pix generator. <see cref="Transform"/> is lazy and batched: its
/// cursors translate <see cref="ImageTranslationOptions.BatchSize"/> rows per model run, reading and decoding the next
/// batch and encoding the one before while a batch runs.
/// <see cref="GetRowToRowMapper"/> serves <c>PredictionEngine</c>, one image at a time. Thread-safe; dispose it to
/// release the ONNX Runtime session. <c>mlContext.Model.Save</c> writes it with the model's bytes inside (see <see cref="Save"/>).
/// </summary>
public sealed class ImageTranslationTransformer : ITransformer, IDisposable
{
    private readonly RowTranslator _rows;
    private readonly (long Length, DateTime WrittenUtc)? _modelFile;

    static ImageTranslationTransformer() => ImageColumnType.Register();

    internal ImageTranslationTransformer(ImageTranslationEstimator estimator, DataViewType inputType)
    {
        InputKind = inputType switch
        {
            TextDataViewType => ImageInputKind.Path,
            ImageDataViewType => ImageInputKind.Image,
            _ => ImageInputKind.Bytes,
        };
        OutputColumnName = estimator.OutputColumnName;
        InputColumnName = estimator.InputColumnName;
        ErrorColumnName = estimator.ErrorColumnName;
        Options = estimator.Options;
        TranslatorOptions translatorOptions = Options.ToTranslatorOptions();
        var translator = Options.ModelPath is not null
            ? new Translator(Options.ModelPath, translatorOptions)
            : new Translator(Options.ModelBytes!, "model bytes", translatorOptions);
        if (Options.ModelPath is not null)
        {
            var file = new FileInfo(Options.ModelPath);
            _modelFile = (file.Length, file.LastWriteTimeUtc);
        }
        _rows = new RowTranslator(translator, Options.SkipBadRows, Options.OutputKind, Options.MaxImagePixels);
    }

    /// <summary>The column added: PNG bytes or an MLImage (<see cref="ImageTranslationOptions.OutputKind"/>).</summary>
    public string OutputColumnName { get; }

    /// <summary>The column of image paths, encoded images or MLImages read.</summary>
    public string InputColumnName { get; }

    /// <summary>The text column of per-row failures, when <see cref="ImageTranslationOptions.SkipBadRows"/> is set; else null.</summary>
    public string? ErrorColumnName { get; }

    /// <summary>The options.</summary>
    public ImageTranslationOptions Options { get; }

    /// <summary>The translator doing the work (its model, device and fallback reason).</summary>
    public Translator Translator => _rows.Translator;

    /// <summary>True: a <c>PredictionEngine</c> can run it row by row.</summary>
    public bool IsRowToRowMapper => true;

    internal RowTranslator Rows => _rows;

    /// <summary>What the input column holds.</summary>
    internal ImageInputKind InputKind { get; }

    /// <summary>The input's columns and the added ones.</summary>
    /// <exception cref="ArgumentException">The input column is missing or not text, a vector of bytes or an image.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        FindInput(inputSchema, InputColumnName);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        AddOutputColumns(builder, OutputColumnName, ErrorColumnName, Options.OutputKind);
        return builder.ToSchema();
    }

    /// <summary>A lazy view: nothing is translated until a cursor that needs the output column moves.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new TranslatedDataView(this, input, GetOutputSchema(input.Schema));
    }

    /// <summary>A mapper that translates the row it is given, one image per model run (for <c>PredictionEngine</c>).</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new TranslationRowMapper(this, inputSchema, GetOutputSchema(inputSchema));
    }

    /// <summary>
    /// Writes this stage into an ML.NET model (<c>mlContext.Model.Save</c>), the generator's bytes included, so that
    /// <c>mlContext.Model.Load</c> in another process (that references this package) gets a working pipeline with the same
    /// columns. ML.NET keeps its save context internal, so the stage is written as stock ML.NET transformers doing the same
    /// work: ML.NET's <c>OnnxTransformer</c> holding the generator (wrapped to take any image size) between this package's
    /// CustomMapping contracts that decode and encode. The loaded pipeline gives the same pixels, but runs one row per model
    /// call (no batching), with ONNX Runtime's default threads, and translates large images whole rather than in tiles.
    /// </summary>
    /// <exception cref="NotSupportedException">ResizeMode.Resize, a fixed-size model, a model without 3 input channels or a MaxImagePixels other than the default: the saved form cannot do these.</exception>
    /// <exception cref="InvalidOperationException">The model file was changed or removed since <c>Fit</c>.</exception>
    public void Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        using var chain = Persistence.SavedTranslation.Build(this, ModelBytesForSaving());
        ((ICanSaveModel)chain).Save(ctx);
    }

    private byte[] ModelBytesForSaving()
    {
        if (Options.ModelBytes is not null) return Options.ModelBytes;
        var file = new FileInfo(Options.ModelPath!);
        if (!file.Exists || (file.Length, file.LastWriteTimeUtc) != _modelFile)
            throw new InvalidOperationException(
                $"the model file '{Options.ModelPath}' was {(file.Exists ? "changed" : "removed")} after Fit; fit the pipeline again to save it");
        return File.ReadAllBytes(file.FullName);
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _rows.Translator.Dispose();

    internal static DataViewSchema.Column FindInput(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"input column '{name}' not found; the input has {string.Join(", ", schema.Select(c => $"'{c.Name}'"))}");
        bool ok = column.Type is TextDataViewType or ImageDataViewType
            || column.Type is VectorDataViewType { ItemType: NumberDataViewType n } && n.RawType == typeof(byte);
        if (!ok) throw new ArgumentException($"input column '{name}' is {column.Type}; {ExpectedInput}");
        return column;
    }

    internal const string ExpectedInput = "expected text (image paths), a vector of bytes (encoded images) or an image (MLImage, from LoadImages)";

    internal static void AddOutputColumns(DataViewSchema.Builder builder, string output, string? error, ImageTranslationOutputKind kind)
    {
        builder.AddColumn(output, kind == ImageTranslationOutputKind.Image ? new ImageDataViewType() : new VectorDataViewType(NumberDataViewType.Byte));
        if (error is not null) builder.AddColumn(error, TextDataViewType.Instance);
    }
}

/// <summary>What an input column holds: image paths, encoded images or MLImages.</summary>
internal enum ImageInputKind
{
    Path,
    Bytes,
    Image,
}
