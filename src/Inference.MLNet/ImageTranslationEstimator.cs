using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// The estimator behind <see cref="ImageTranslationCatalog.TranslateImages"/>. Nothing is trained: <see cref="Fit"/>
/// checks the input column and loads the model into an <see cref="ImageTranslationTransformer"/>.
/// </summary>
public sealed class ImageTranslationEstimator : IEstimator<ImageTranslationTransformer>
{
    internal ImageTranslationEstimator(string outputColumnName, string inputColumnName, ImageTranslationOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(inputColumnName);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ImageColumnType.Register();
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        Options = options;
    }

    /// <summary>The column added: PNG bytes or an MLImage (<see cref="ImageTranslationOptions.OutputKind"/>).</summary>
    public string OutputColumnName { get; }

    /// <summary>The column of image paths, encoded images or MLImages read.</summary>
    public string InputColumnName { get; }

    /// <summary>The options.</summary>
    public ImageTranslationOptions Options { get; }

    internal string? ErrorColumnName => Options.SkipBadRows ? Options.ErrorColumnName ?? OutputColumnName + "Error" : null;

    /// <summary>Checks the input column and loads the model.</summary>
    /// <exception cref="ArgumentException">The input column is missing or not text, a vector of bytes or an image.</exception>
    /// <exception cref="CudaUnavailableException">CUDA was asked for, cannot be used, and <see cref="ImageTranslationOptions.FallbackToCpu"/> is off.</exception>
    public ImageTranslationTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column column = ImageTranslationTransformer.FindInput(input.Schema, InputColumnName);
        return new ImageTranslationTransformer(this, column.Type);
    }

    /// <summary>The input's columns and the added output column (and error column when bad rows are skipped).</summary>
    /// <exception cref="ArgumentException">The input column is missing or not text, a vector of bytes or an image.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column column = inputSchema.FirstOrDefault(c => c.Name == InputColumnName);
        if (column.Name is null)
            throw new ArgumentException($"input column '{InputColumnName}' not found", nameof(inputSchema));
        bool text = column.Kind == SchemaShape.Column.VectorKind.Scalar && column.ItemType is TextDataViewType;
        bool bytes = column.Kind != SchemaShape.Column.VectorKind.Scalar && column.ItemType.RawType == typeof(byte) && !column.IsKey;
        bool image = column.Kind == SchemaShape.Column.VectorKind.Scalar && column.ItemType is ImageDataViewType;
        if (!text && !bytes && !image)
            throw new ArgumentException(
                $"input column '{InputColumnName}' is {column.ItemType} ({column.Kind}); {ImageTranslationTransformer.ExpectedInput}", nameof(inputSchema));
        return OutputShape.Add(inputSchema, OutputColumnName, ErrorColumnName, Options.OutputKind);
    }
}
