using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Weights;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// Folder conversion through the ML.NET pipeline apps use (<c>pix2pix convert --via mlnet</c>): the pending files of a
/// <see cref="ConversionPlan"/> become an <see cref="IDataView"/> of paths, <see cref="ImageTranslationCatalog.TranslateImages"/>
/// translates them in batches, and each output is written atomically under the plan's rules (relative paths, format,
/// skip existing, leftover temporary files removed first). A bad file is reported with its reason and the run goes on.
/// Thread-safe to construct once and run over several plans; dispose it to release the ONNX Runtime session.
/// </summary>
public sealed class FolderTranslation : IDisposable
{
    private const string PathColumn = nameof(PathRow.Path), OutputColumn = "Translated", ErrorColumn = "TranslatedError";

    private readonly MLContext _ml;
    private readonly ImageTranslationTransformer _transformer;

    /// <summary>Loads the model into a fitted <see cref="ImageTranslationTransformer"/>.</summary>
    /// <param name="options">
    /// The model and how to run it. <see cref="ImageTranslationOptions.SkipBadRows"/> and
    /// <see cref="ImageTranslationOptions.ErrorColumnName"/> are set here: every bad file is reported, never thrown.
    /// </param>
    /// <param name="mlContext">The ML.NET context; null makes one.</param>
    /// <exception cref="CudaUnavailableException">CUDA was asked for, cannot be used, and <see cref="ImageTranslationOptions.FallbackToCpu"/> is off.</exception>
    public FolderTranslation(ImageTranslationOptions options, MLContext? mlContext = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ml = mlContext ?? new MLContext();
        var estimator = _ml.Transforms.TranslateImages(OutputColumn, PathColumn, options with { SkipBadRows = true, ErrorColumnName = ErrorColumn });
        _transformer = estimator.Fit(_ml.Data.LoadFromEnumerable(Array.Empty<PathRow>()));
    }

    /// <summary>The fitted transformer every run goes through.</summary>
    public ImageTranslationTransformer Transformer => _transformer;

    /// <summary>The translator behind it (its model, device and fallback reason).</summary>
    public Translator Translator => _transformer.Translator;

    /// <summary>
    /// Converts <paramref name="plan"/>'s <see cref="ConversionPlan.Pending"/> files in order. The outputs are the bytes
    /// <c>pix2pix convert</c>'s default route writes: PNG as the transformer encodes it; other formats (JPEG at quality
    /// <paramref name="jpegQuality"/>, BMP, TIFF) encoded from the same pixels.
    /// </summary>
    /// <param name="plan">What to convert and where to write it.</param>
    /// <param name="progress">Told after every file.</param>
    /// <param name="jpegQuality">JPEG quality, 0 to 100, for JPEG outputs.</param>
    /// <param name="cancellationToken">Checked between files; a cancelled run leaves whole files only.</param>
    /// <returns>Files converted, skipped and failed (clashing output names included), as <see cref="ConversionPlan.RunAsync"/> reports them.</returns>
    public ConvertSummary Run(ConversionPlan plan, IProgress<ConvertProgress>? progress = null, int jpegQuality = 95,
                              CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(jpegQuality, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jpegQuality, 100);
        Directory.CreateDirectory(plan.Options.OutputDirectory);
        int leftovers = AtomicFile.RemoveLeftoversOf(plan.Pending.Select(i => i.OutputPath));
        var failed = new List<ConvertFailure>(plan.Conflicts);
        var clock = Stopwatch.StartNew();
        int converted = 0, failedHere = 0, completed = 0;

        IDataView paths = _ml.Data.LoadFromEnumerable(plan.Pending.Select(i => new PathRow { Path = i.InputPath }).ToList());
        IDataView translated = _transformer.Transform(paths);
        DataViewSchema schema = translated.Schema;
        using (DataViewRowCursor cursor = translated.GetRowCursor([schema[OutputColumn], schema[ErrorColumn]]))
        {
            ValueGetter<VBuffer<byte>> pngGetter = cursor.GetGetter<VBuffer<byte>>(schema[OutputColumn]);
            ValueGetter<ReadOnlyMemory<char>> errorGetter = cursor.GetGetter<ReadOnlyMemory<char>>(schema[ErrorColumn]);
            VBuffer<byte> png = default;
            ReadOnlyMemory<char> error = default;
            while (!cancellationToken.IsCancellationRequested && cursor.MoveNext())
            {
                var item = plan.Pending[(int)cursor.Position];
                errorGetter(ref error);
                string? problem = error.Length > 0 ? ImageTranslationException.ReasonOf(error.ToString(), cursor.Position, ImageTranslationException.PathImage(item.InputPath)) : null;
                if (problem is null)
                {
                    pngGetter(ref png);
                    problem = Write(item.OutputPath, png, jpegQuality);
                }
                completed++;
                if (problem is null) converted++;
                else
                {
                    failedHere++;
                    failed.Add(new ConvertFailure(item.InputPath, problem));
                }
                progress?.Report(new ConvertProgress(completed, failedHere, plan.Pending.Count, completed / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), item.InputPath));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        failed.Sort((a, b) => string.CompareOrdinal(a.InputPath, b.InputPath));
        return new ConvertSummary(converted, plan.Existing.Count, failed, clock.Elapsed) { LeftoversRemoved = leftovers };
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _transformer.Dispose();

    /// <summary>Writes the output atomically in the format of its extension; returns why it could not, or null.</summary>
    private static string? Write(string outputPath, VBuffer<byte> png, int jpegQuality)
    {
        try
        {
            if (string.Equals(Path.GetExtension(outputPath), ".png", StringComparison.OrdinalIgnoreCase))
            {
                AtomicFile.Write(outputPath, stream => stream.Write(png.GetValues()));
                return null;
            }
            byte[] encoded;
            using (Mat image = ImageCodec.Decode(png.GetValues()))
                encoded = ImageCodec.EncodeFor(image, outputPath, jpegQuality);
            AtomicFile.WriteAllBytes(outputPath, encoded);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageException or ArgumentException)
        {
            return $"cannot write '{outputPath}': {e.Message}";
        }
    }

    private sealed class PathRow
    {
        public string Path { get; set; } = "";
    }
}
