using System.CommandLine;
using System.Globalization;
using System.Text;
using Pix2Pix.Imaging;
using Pix2Pix.Inference;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Options;
using Pix2Pix.Training.Reports;
using Pix2Pix.Weights;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary>
/// <c>pix2pix evaluate</c>: exported models (for example float32 and its int8 quantization) over a paired split.
/// Every model sees the same input tensors; each output is scored against the ground truth and, for every model
/// after the first, against the first model's output (the accuracy a conversion lost). Per-image CSV, a markdown
/// summary and one results page per model.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model") { Description = "exported .onnx models; repeat the option; the first is the reference", Required = true, AllowMultipleArgumentsPerToken = true };
        var dataroot = new Option<string>("--dataroot") { Description = "paired data: <dataroot>/<phase> of A|B images, or A/ and B/ folders", Required = true };
        var phase = new Option<string>("--phase") { DefaultValueFactory = _ => "test" };
        var direction = new Option<Direction?>("--direction") { Description = "default: the first model's direction metadata, else AtoB" };
        var size = new Option<int>("--size") { Description = "images are resized to size×size (load_size = crop_size)", DefaultValueFactory = _ => 256 };
        var numTest = new Option<int>("--num_test") { Description = "images to evaluate at most", DefaultValueFactory = _ => int.MaxValue };
        var resultsDir = new Option<string>("--results_dir") { Description = "where comparison.csv, summary.md and the pages go", DefaultValueFactory = _ => Path.Combine("results", "evaluate") };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: one per core)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu | cuda | cuda:N | auto: ONNX Runtime's CUDA provider on that GPU (auto, cuda: device 0), falling back to the CPU with one line when it cannot load", DefaultValueFactory = _ => "cpu" };
        var strictDevice = new Option<bool>("--strict_device") { Description = "with --device cuda: stop (exit 1) instead of falling back to the CPU when CUDA cannot be used" };
        var command = new Command("evaluate", "Score exported models on paired images: each against the ground truth, and against the first model (L1, PSNR, SSIM)")
            { models, dataroot, phase, direction, size, numTest, resultsDir, threads, device, strictDevice };
        command.SetAction(r =>
        {
            var (gpu, fallback) = CliParsers.OrtDevice(r.GetValue(device)!, r.GetValue(strictDevice));
            var options = new TranslatorOptions { IntraOpThreads = r.GetValue(threads), GpuDeviceId = gpu, FallbackToCpu = fallback, Log = Console.Out };
            return Run(r.GetValue(models)!, r.GetValue(dataroot)!, r.GetValue(phase)!, r.GetValue(direction), r.GetValue(size),
                       r.GetValue(numTest), r.GetValue(resultsDir)!, options);
        });
        return command;
    }

    private sealed record Scored(string Name, ImageScores[] VsTruth, ImageScores[] VsReference);

    private static int Run(string[] modelPaths, string dataroot, string phase, Direction? direction, int size, int numTest, string resultsDir, TranslatorOptions options)
    {
        if (modelPaths.Length == 0) throw new ArgumentException("--model: give at least one .onnx model");
        if (size < 1) throw new ArgumentException($"--size must be positive, got {size}");
        if (numTest < 1) throw new ArgumentException($"--num_test must be positive, got {numTest}");
        var labels = Labels(modelPaths);
        var translators = new List<Translator>();
        try
        {
            foreach (var path in modelPaths) translators.Add(new Translator(path, options));
            return Run(translators, labels, dataroot, phase, direction, size, numTest, resultsDir);
        }
        finally
        {
            foreach (var t in translators) t.Dispose();
        }
    }

    private static int Run(List<Translator> translators, string[] labels, string dataroot, string phase, Direction? direction, int size, int numTest, string resultsDir)
    {
        var infos = translators.Select(t => t.Model).ToArray();
        var first = infos[0];
        foreach (var info in infos.Skip(1))
            if ((info.InputChannels, info.OutputChannels) != (first.InputChannels, first.OutputChannels))
                throw new ArgumentException($"'{info.Name}' maps {info.InputChannels}→{info.OutputChannels} channels, '{first.Name}' {first.InputChannels}→{first.OutputChannels}: they cannot be compared");
        int multiple = infos.Max(i => i.SizeMultiple);
        if (size % multiple != 0) throw new ArgumentException($"--size {size} is not a multiple of {multiple}, which the models need");
        var dir = direction ?? (Enum.TryParse<Direction>(first.Direction, out var d) ? d : Direction.AtoB);
        var data = new DataOptions
        {
            Dataroot = dataroot, Direction = dir, InputNc = first.InputChannels, OutputNc = first.OutputChannels,
            CropSize = size, Preprocess = Preprocess.resize_and_crop,
        }.ForTest(phase);
        var split = PairedImageDataset.Open(data, multiple);
        int count = Math.Min(numTest, split.Count);

        var pages = labels.Select(l => new ResultsPage(Path.Combine(resultsDir, l), $"{l} — {phase}")).ToArray();
        var rows = new List<Scored>();
        AnsiConsole.MarkupLineInterpolated($"{count} pairs from {split.Layout} '{dataroot}' ({phase}, {dir}, {size}²); models: {string.Join(", ", labels)}");
        for (int i = 0; i < count; i++)
        {
            var s = split.Load(i, epoch: 0, seed: 0, train: false);
            var outputs = new float[translators.Count][];
            for (int m = 0; m < translators.Count; m++)
            {
                outputs[m] = new float[s.OutputNc * s.Height * s.Width];
                translators[m].Run(s.A, outputs[m], 1, s.Height, s.Width);
            }
            var name = Path.GetFileNameWithoutExtension(s.Path);
            var vsTruth = outputs.Select(o => (ImageScores)ImageMetrics.All(o, s.B, s.OutputNc, s.Height, s.Width)).ToArray();
            var vsReference = outputs.Skip(1).Select(o => (ImageScores)ImageMetrics.All(o, outputs[0], s.OutputNc, s.Height, s.Width)).ToArray();
            for (int m = 0; m < pages.Length; m++) pages[m].Add(name, new ChwImage(s.A, s.InputNc, s.Height, s.Width),
                                                                new ChwImage(outputs[m], s.OutputNc, s.Height, s.Width),
                                                                new ChwImage(s.B, s.OutputNc, s.Height, s.Width), vsTruth[m]);
            rows.Add(new Scored(name, vsTruth, vsReference));
        }
        if (rows.Count == 0) throw new InvalidDataException($"no pairs to evaluate in '{dataroot}' ({phase})");
        foreach (var page in pages) page.Write();
        AtomicFile.WriteAllText(Path.Combine(resultsDir, "comparison.csv"), Csv(labels, rows));
        var means = Means(labels, rows);
        var summary = Summary(labels[0], means, count, dataroot, phase, dir, size);
        AtomicFile.WriteAllText(Path.Combine(resultsDir, "summary.md"), summary);
        AnsiConsole.Write(Table(labels[0], means));
        AnsiConsole.MarkupLineInterpolated($"per image: [bold]{Path.Combine(resultsDir, "comparison.csv")}[/]; summary: {Path.Combine(resultsDir, "summary.md")}; pages: {Path.Combine(resultsDir, "<model>", "index.html")}");
        return 0;
    }

    /// <summary>File names without extension, made unique with a counter.</summary>
    private static string[] Labels(string[] paths)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        return paths.Select(p =>
        {
            var label = Path.GetFileNameWithoutExtension(p);
            seen[label] = seen.GetValueOrDefault(label) + 1;
            return seen[label] == 1 ? label : $"{label}_{seen[label]}";
        }).ToArray();
    }

    private static string F(double v, int digits) => double.IsPositiveInfinity(v) ? "inf" : v.ToString("F" + digits, CultureInfo.InvariantCulture);

    private static double Mean(IEnumerable<double> values) => values.Average();

    private static string Csv(string[] labels, List<Scored> rows)
    {
        var header = new List<string> { "image" };
        foreach (var l in labels) header.AddRange([$"{l}_L1", $"{l}_PSNR", $"{l}_SSIM"]);
        foreach (var l in labels.Skip(1)) header.AddRange([$"{l}_vs_{labels[0]}_PSNR", $"{l}_vs_{labels[0]}_SSIM"]);
        var csv = new StringBuilder().AppendLine(string.Join(',', header));
        foreach (var row in rows)
        {
            var cells = new List<string> { row.Name };
            foreach (var t in row.VsTruth) cells.AddRange([F(t.L1, 5), F(t.Psnr, 3), F(t.Ssim, 5)]);
            foreach (var v in row.VsReference) cells.AddRange([F(v.Psnr, 3), F(v.Ssim, 5)]);
            csv.AppendLine(string.Join(',', cells));
        }
        return csv.ToString();
    }

    /// <summary>One model's mean scores; the comparison with the first model is null for the first model itself.</summary>
    private sealed record ModelMeans(string Label, double L1, double Psnr, double Ssim, (double Psnr, double MinPsnr, double Ssim)? VsReference);

    private static List<ModelMeans> Means(string[] labels, List<Scored> rows) =>
        labels.Select((label, m) => new ModelMeans(label,
            Mean(rows.Select(r => r.VsTruth[m].L1)), Mean(rows.Select(r => r.VsTruth[m].Psnr)), Mean(rows.Select(r => r.VsTruth[m].Ssim)),
            m == 0 ? null : (Mean(rows.Select(r => r.VsReference[m - 1].Psnr)), rows.Min(r => r.VsReference[m - 1].Psnr),
                             Mean(rows.Select(r => r.VsReference[m - 1].Ssim)))))
        .ToList();

    private static string[] Cells(ModelMeans m)
    {
        if (m.VsReference is not { } v) return [F(m.L1, 4), F(m.Psnr, 2), F(m.Ssim, 4), "—", "—", "—"];
        return [F(m.L1, 4), F(m.Psnr, 2), F(m.Ssim, 4), F(v.Psnr, 2), F(v.MinPsnr, 2), F(v.Ssim, 4)];
    }

    private static string Summary(string reference, List<ModelMeans> means, int count, string dataroot, string phase, Direction dir, int size)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"{count} pairs of '{dataroot}' ({phase}, {dir}, {size}²). Means over images; PSNR on 8-bit images (peak 255), L1 on [-1, 1].");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| model | L1 vs truth | PSNR vs truth (dB) | SSIM vs truth | PSNR vs {reference} (dB) | min PSNR vs {reference} (dB) | SSIM vs {reference} |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var m in means) md.AppendLine($"| {m.Label} | {string.Join(" | ", Cells(m))} |");
        return md.ToString();
    }

    private static Table Table(string reference, List<ModelMeans> means)
    {
        var table = new Table().AddColumns("model", "L1 vs truth", "PSNR vs truth", "SSIM vs truth", $"PSNR vs {Markup.Escape(reference)}", "min", $"SSIM vs {Markup.Escape(reference)}");
        foreach (var m in means) table.AddRow([Markup.Escape(m.Label), .. Cells(m)]);
        return table;
    }
}
