using Pix2Pix.Weights;
namespace Pix2Pix.Inference;

/// <summary>
/// The work of one folder conversion: the images of the input folder (recursive, sorted by relative path, sharded),
/// split into those to convert, those whose output already exists, and those whose output name clashes with an earlier input's.
/// </summary>
public sealed class ConversionPlan
{
    /// <summary>Extensions searched for, compared case-insensitively.</summary>
    public static IReadOnlySet<string> ImageExtensions { get; } = new HashSet<string>(
        [".png", ".jpg", ".jpeg", ".jpe", ".bmp", ".dib", ".tif", ".tiff", ".webp", ".pbm", ".pgm", ".ppm", ".pnm"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> Writable = new([".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff"], StringComparer.OrdinalIgnoreCase);

    private ConversionPlan(ConvertOptions options, int found, List<ConversionItem> pending, List<ConversionItem> existing, List<ConvertFailure> conflicts)
    {
        Options = options;
        ImagesFound = found;
        Pending = pending;
        Existing = existing;
        Conflicts = conflicts;
    }

    /// <summary>The options the plan was made from.</summary>
    public ConvertOptions Options { get; }

    /// <summary>Images in the whole input folder, before sharding.</summary>
    public int ImagesFound { get; }

    /// <summary>Images this run converts.</summary>
    public IReadOnlyList<ConversionItem> Pending { get; }

    /// <summary>Images skipped because their output exists (only without <see cref="ConvertOptions.Overwrite"/>).</summary>
    public IReadOnlyList<ConversionItem> Existing { get; }

    /// <summary>Images whose output path is also an earlier image's output (e.g. a.png and a.jpg to PNG); never converted.</summary>
    public IReadOnlyList<ConvertFailure> Conflicts { get; }

    /// <summary>Finds the images and decides what to do with each.</summary>
    /// <exception cref="DirectoryNotFoundException">The input folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">The output folder is the input folder, inside it, or contains it.</exception>
    public static ConversionPlan Create(ConvertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string input = Path.GetFullPath(options.InputDirectory), output = Path.GetFullPath(options.OutputDirectory);
        if (!Directory.Exists(input)) throw new DirectoryNotFoundException($"Input folder not found: '{options.InputDirectory}'.");
        if (File.Exists(output)) throw new IOException($"The output path '{options.OutputDirectory}' is a file, not a folder.");
        FolderSafety.CheckSeparate(input, output);

        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        string[] relative = Directory.EnumerateFiles(input, "*", enumeration)
            .Where(p => ImageExtensions.Contains(Path.GetExtension(p)))
            .Select(p => Path.GetRelativePath(input, p))
            .Order(StringComparer.Ordinal)
            .ToArray();

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        List<ConversionItem> pending = [], existing = [];
        List<ConvertFailure> conflicts = [];
        for (int position = 0; position < relative.Length; position++)
        {
            string rel = relative[position];
            string outRel = Path.ChangeExtension(rel, OutputExtension(rel, options.Format));
            string inputPath = Path.Combine(input, rel);
            bool clash = !owners.TryAdd(outRel, rel);
            if (!options.Shard.Contains(position)) continue;
            if (clash)
            {
                conflicts.Add(new ConvertFailure(inputPath, $"its output '{outRel}' is also the output of '{owners[outRel]}', which comes first; rename one of them"));
                continue;
            }
            var item = new ConversionItem(inputPath, rel, Path.Combine(output, outRel));
            (File.Exists(item.OutputPath) && !options.Overwrite ? existing : pending).Add(item);
        }
        return new ConversionPlan(options, relative.Length, pending, existing, conflicts);
    }

    /// <summary>
    /// Converts <see cref="Pending"/> through a <see cref="TranslationPipeline"/>, writing each output atomically (first
    /// removing the temporary files a killed earlier run left for these outputs).
    /// Per-image failures are collected in the summary; they do not stop the run.
    /// </summary>
    public async Task<ConvertSummary> RunAsync(Translator translator, PipelineOptions? pipelineOptions = null,
                                               IProgress<ConvertProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(translator);
        Directory.CreateDirectory(Options.OutputDirectory);
        int leftovers = AtomicFile.RemoveLeftoversOf(Pending.Select(i => i.OutputPath));
        var pipeline = new TranslationPipeline(translator, pipelineOptions);
        var failed = new List<ConvertFailure>(Conflicts);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int converted = 0, completed = 0, failedHere = 0;
        var requests = Pending.Select(i => new TranslationRequest(ImageSource.FromFile(i.InputPath), i.OutputPath));
        await foreach (TranslationResult result in pipeline.RunAsync(requests, cancellationToken).ConfigureAwait(false))
        {
            completed++;
            if (result.Succeeded) converted++;
            else
            {
                failedHere++;
                failed.Add(new ConvertFailure(Pending[result.Index].InputPath, result.Error!));
            }
            progress?.Report(new ConvertProgress(completed, failedHere, Pending.Count, completed / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), result.SourceName));
        }
        failed.Sort((a, b) => string.CompareOrdinal(a.InputPath, b.InputPath));
        return new ConvertSummary(converted, Existing.Count, failed, clock.Elapsed) { LeftoversRemoved = leftovers };
    }

    private static string OutputExtension(string relativePath, OutputFormat format) => format switch
    {
        OutputFormat.Png => ".png",
        OutputFormat.Jpg => ".jpg",
        _ => Writable.Contains(Path.GetExtension(relativePath)) ? Path.GetExtension(relativePath) : ".png",
    };
}
