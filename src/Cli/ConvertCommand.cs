using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using Pix2Pix.Inference;
using Pix2Pix.Inference.MLNet;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary>
/// <c>pix2pix convert</c>: translates a folder of images with an exported generator (ONNX Runtime + OpenCV only), through
/// our streaming pipeline (<c>--via onnxruntime</c>, the default) or the ML.NET transformer apps use (<c>--via mlnet</c>).
/// Exit codes: 0 all converted or skipped, 1 nothing could run (bad model, folders, options), 2 some images failed.
/// </summary>
internal static class ConvertCommand
{
    /// <summary>The console; without escape codes or line wrapping when the output goes to a file or a pipe (job logs).</summary>
    private static readonly IAnsiConsole Out = CreateConsole();

    private static IAnsiConsole CreateConsole()
    {
        bool redirected = Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected) console.Profile.Width = 4096;
        return console;
    }

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "exported generator (.onnx)", Required = true };
        var input = new Option<string>("--input") { Description = "folder of images, searched recursively", Required = true };
        var output = new Option<string>("--output") { Description = "folder for the results (same relative paths); must not be inside the input folder", Required = true };
        var batchSize = new Option<int>("--batch_size") { Description = "images (or tiles) per model run", DefaultValueFactory = _ => 4 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads per model run (0: on CPU, cores / concurrent runs; on CUDA, ONNX Runtime's choice)", DefaultValueFactory = _ => 0 };
        var concurrentRuns = new Option<int>("--concurrent_runs") { Description = "model runs in flight at once (0: on CPU, min(cores, 4) or cores / --threads; on CUDA, 1)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu | cuda | cuda:N | auto: ONNX Runtime's CUDA provider on that GPU (auto, cuda: device 0), falling back to the CPU with one line when it cannot load", DefaultValueFactory = _ => "cpu" };
        var strictDevice = new Option<bool>("--strict_device") { Description = "with --device cuda: stop (exit 1) instead of falling back to the CPU when CUDA cannot be used" };
        var overwrite = new Option<bool>("--overwrite") { Description = "convert again when the output exists (default: skip it, so a rerun resumes)" };
        var shard = new Option<Shard>("--shard") { Description = "i/n: take the files whose index in the sorted list is i mod n (e.g. $JOB_COMPLETION_INDEX/8)", DefaultValueFactory = _ => Shard.All, CustomParser = ParseShard };
        var format = new Option<string>("--format") { Description = "png | jpg | same (the input's format when writable, else png)", DefaultValueFactory = _ => "png" };
        var resizeMode = new Option<string>("--resize_mode") { Description = "pad (reflect-pad to the size multiple, then crop) | resize (to the nearest multiple and back)", DefaultValueFactory = _ => "pad" };
        var tile = new Option<int>("--tile") { Description = "tile size for images over --tile_above megapixels (0: never tile)", DefaultValueFactory = _ => 512 };
        var tileOverlap = new Option<int>("--tile_overlap") { Description = "pixels shared by neighbouring tiles", DefaultValueFactory = _ => 32 };
        var tileAbove = new Option<double>("--tile_above") { Description = "megapixels above which an image is tiled", DefaultValueFactory = _ => 4.0 };
        var via = new Option<string>("--via") { Description = "onnxruntime (our streaming pipeline) | mlnet (the ML.NET TranslateImages transformer apps use: one model run at a time, no tiling options)", DefaultValueFactory = _ => "onnxruntime" };
        format.AcceptOnlyFromAmong("png", "jpg", "same");
        via.AcceptOnlyFromAmong("onnxruntime", "mlnet");
        resizeMode.AcceptOnlyFromAmong("pad", "resize");

        var command = new Command("convert", "Translate a folder of images with an exported ONNX generator (resumable, shardable)")
            { model, input, output, batchSize, threads, concurrentRuns, device, strictDevice, overwrite, shard, format, resizeMode, tile, tileOverlap, tileAbove, via };
        command.SetAction(async (r, cancellationToken) =>
        {
            var (gpu, fallback) = CliParsers.OrtDevice(r.GetValue(device)!, r.GetValue(strictDevice));
            if (r.GetValue(threads) < 0 || r.GetValue(concurrentRuns) < 0) throw new ArgumentException("--threads and --concurrent_runs must be 0 (choose) or positive");
            var convertOptions = new ConvertOptions
            {
                InputDirectory = r.GetValue(input)!, OutputDirectory = r.GetValue(output)!, Overwrite = r.GetValue(overwrite), Shard = r.GetValue(shard),
                Format = r.GetValue(format) switch { "jpg" => OutputFormat.Jpg, "same" => OutputFormat.Same, _ => OutputFormat.Png },
            };
            var resize = r.GetValue(resizeMode) == "resize" ? ResizeMode.Resize : ResizeMode.Pad;
            if (r.GetValue(via) == "mlnet")
            {
                string[] given = new Option[] { concurrentRuns, tile, tileOverlap, tileAbove }.Where(o => r.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray();
                var defaults = new TranslatorOptions();
                if (given.Length > 0)
                    throw new ArgumentException($"{string.Join(", ", given)} cannot be used with --via mlnet: the ML.NET transformer runs one model run at a time " +
                                                $"and tiles images above {defaults.MaxPixelsBeforeTiling / 1e6:F1} megapixels in {defaults.TileSize}-pixel tiles; leave them out or use --via onnxruntime");
                var mlnetOptions = new ImageTranslationOptions
                {
                    ModelPath = r.GetValue(model)!, BatchSize = r.GetValue(batchSize), IntraOpThreads = r.GetValue(threads),
                    GpuDeviceId = gpu, FallbackToCpu = fallback, Log = Console.Out, ResizeMode = resize,
                };
                var mlnetPlan = ConversionPlan.Create(convertOptions);
                using var folder = new FolderTranslation(mlnetOptions);
                Describe(folder.Translator, mlnetPlan);
                Out.MarkupLineInterpolated($"via ML.NET (TranslateImages): 1 model run at a time × {(mlnetOptions.IntraOpThreads == 0 ? "ONNX Runtime's choice of" : mlnetOptions.IntraOpThreads.ToString())} intra-op thread(s), batch {mlnetOptions.BatchSize}");
                var mlnetSummary = await RunWithProgress(mlnetPlan, progress => Task.Run(() => folder.Run(mlnetPlan, progress, cancellationToken: cancellationToken), cancellationToken));
                Summarize(mlnetSummary, mlnetPlan);
                return mlnetSummary.Succeeded ? 0 : 2;
            }
            var (runs, threadsPerRun) = gpu is null
                ? CpuParallelism.Split(Environment.ProcessorCount, r.GetValue(concurrentRuns), r.GetValue(threads))
                : (Math.Max(1, r.GetValue(concurrentRuns)), r.GetValue(threads));
            int tileSize = r.GetValue(tile);
            var translatorOptions = new TranslatorOptions
            {
                BatchSize = r.GetValue(batchSize), IntraOpThreads = threadsPerRun, GpuDeviceId = gpu, FallbackToCpu = fallback, Log = Console.Out,
                ResizeMode = resize,
                TileSize = tileSize > 0 ? tileSize : 512, TileOverlap = r.GetValue(tileOverlap),
                MaxPixelsBeforeTiling = tileSize > 0 ? Math.Max(1, (long)(r.GetValue(tileAbove) * 1e6)) : long.MaxValue,
            };
            var plan = ConversionPlan.Create(convertOptions);
            using var translator = new Translator(r.GetValue(model)!, translatorOptions);
            Describe(translator, plan);
            var pipelineOptions = new PipelineOptions { ConcurrentRuns = runs };
            Out.MarkupLineInterpolated($"{runs} model run(s) in flight × {(threadsPerRun == 0 ? "ONNX Runtime's choice of" : threadsPerRun.ToString())} intra-op thread(s), batch {translatorOptions.BatchSize}");
            var summary = await RunWithProgress(plan, progress => plan.RunAsync(translator, pipelineOptions, progress, cancellationToken));
            Summarize(summary, plan);
            return summary.Succeeded ? 0 : 2;
        });
        return command;
    }

    private static Shard ParseShard(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        try
        {
            return Shard.Parse(text);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return Shard.All;
        }
    }

    private static void Describe(Translator translator, ConversionPlan plan)
    {
        ModelInfo m = translator.Model;
        Out.MarkupLineInterpolated(
            $"model [bold]{m.Name}[/]: {m.InputChannels}→{m.OutputChannels} channels, size multiple {m.SizeMultiple}{(m.Direction is null ? "" : ", " + m.Direction)}; running on {(translator.GpuDeviceId is int gpu ? $"CUDA device {gpu}" : "the CPU")}");
        var shard = plan.Options.Shard;
        string taken = shard.Count > 1 ? $", shard {shard} takes {plan.Pending.Count + plan.Existing.Count + plan.Conflicts.Count}" : "";
        string clashing = plan.Conflicts.Count > 0 ? $", {plan.Conflicts.Count} with clashing output names" : "";
        Out.WriteLine($"{plan.ImagesFound} images found{taken}: {plan.Pending.Count} to convert, {plan.Existing.Count} already converted{clashing}");
    }

    /// <summary>Runs <paramref name="run"/> with a progress bar on a terminal, else plain progress lines.</summary>
    private static async Task<ConvertSummary> RunWithProgress(ConversionPlan plan, Func<IProgress<ConvertProgress>, Task<ConvertSummary>> run)
    {
        bool live = Out.Profile.Capabilities.Interactive && Out.Profile.Capabilities.Ansi;
        if (!live || plan.Pending.Count == 0)
            return await run(new PlainProgress(plan.Pending.Count));
        return await Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("converting", maxValue: plan.Pending.Count);
                var progress = new Reporter(p =>
                {
                    task.Value = p.Completed;
                    task.Description = $"{p.Completed}/{p.Total} · {p.ImagesPerSecond:F1} img/s{(p.Failed > 0 ? $" · [red]{p.Failed} failed[/]" : "")}";
                });
                return await run(progress);
            });
    }

    private static void Summarize(ConvertSummary summary, ConversionPlan plan)
    {
        string failed = summary.Failed.Count > 0 ? $"[red]{summary.Failed.Count}[/]" : "0";
        Out.MarkupLine($"converted [bold]{summary.Converted}[/], skipped existing {summary.SkippedExisting}, failed {failed} " +
            $"in {summary.Elapsed.TotalSeconds:F1} s ({summary.ImagesPerSecond:F1} img/s) → {Markup.Escape(plan.Options.OutputDirectory)}" +
            (summary.LeftoversRemoved > 0 ? $"; removed {summary.LeftoversRemoved} partial file(s) an interrupted run left" : ""));
        if (summary.Failed.Count == 0) return;
        Out.MarkupLine("[red]not converted:[/]");
        foreach (var f in summary.Failed)
            Out.MarkupLineInterpolated($"  {f.InputPath}: {f.Error}");
    }

    private sealed class Reporter(Action<ConvertProgress> report) : IProgress<ConvertProgress>
    {
        public void Report(ConvertProgress value) => report(value);
    }

    /// <summary>One line per ~5% or 5 seconds, for logs and pipes.</summary>
    private sealed class PlainProgress(int total) : IProgress<ConvertProgress>
    {
        private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
        private readonly int _step = Math.Max(1, total / 20);

        public void Report(ConvertProgress p)
        {
            if (p.Completed != p.Total && p.Completed % _step != 0 && _sinceLine.Elapsed < TimeSpan.FromSeconds(5)) return;
            _sinceLine.Restart();
            Out.WriteLine($"{p.Completed}/{p.Total} ({100.0 * p.Completed / Math.Max(1, p.Total):F0}%) {p.ImagesPerSecond:F1} img/s, {p.Failed} failed");
        }
    }
}
