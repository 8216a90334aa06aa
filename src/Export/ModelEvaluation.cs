using System.Globalization;
using System.Text;
using Pix2Pix.Imaging;
using Pix2Pix.Inference;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Options;
using Pix2Pix.Training.Reports;
using Pix2Pix.Weights;

namespace Pix2Pix.Export;

/// <summary>What <see cref="ModelEvaluation.Run"/> scores and where it writes.</summary>
public sealed record ModelEvaluationOptions
{
    /// <summary>Exported .onnx models; the first is the reference the others are compared with.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>Paired data: <c>&lt;dataroot&gt;/&lt;phase&gt;</c> of A|B images, or A/ and B/ folders.</summary>
    public required string Dataroot { get; init; }

    public string Phase { get; init; } = "test";

    /// <summary>Null: the first model's direction metadata, else AtoB.</summary>
    public Direction? Direction { get; init; }

    /// <summary>Side images are resized to (load_size = crop_size). Null: the first model's training crop size, else 256.</summary>
    public int? Size { get; init; }

    public int NumTest { get; init; } = int.MaxValue;

    /// <summary>Where comparison.csv, summary.md and one results page per model go.</summary>
    public string ResultsDir { get; init; } = Path.Combine("results", "evaluate");

    /// <summary>How each model runs (threads, device).</summary>
    public TranslatorOptions Translator { get; init; } = new();
}

/// <summary>One model's mean scores; <see cref="VsReference"/> (mean PSNR, worst image's PSNR, mean SSIM against the first model) is null for the first model.</summary>
public sealed record ModelScores(string Label, double L1, double Psnr, double Ssim, (double Psnr, double MinPsnr, double Ssim)? VsReference);

/// <summary>The outcome of <see cref="ModelEvaluation.Run"/>.</summary>
/// <param name="SizeSource">Where <paramref name="Size"/> came from, in words (the option, the model's metadata, or the default).</param>
public sealed record ModelEvaluationReport(
    int Images, int Size, string SizeSource, Direction Direction, string Layout, IReadOnlyList<ModelScores> Models,
    string CsvPath, string SummaryPath, IReadOnlyList<string> Pages);

/// <summary>
/// Exported models (for example float32 and its int8 quantization) over a paired split, the way <see cref="Training.Evaluation"/>
/// scores a trained network: every model sees the same input tensors; each output is scored against the ground truth and,
/// for every model after the first, against the first model's output (the accuracy a conversion lost). Writes a per-image
/// CSV, a markdown summary and one results page per model. Runs on ONNX Runtime only (no TorchSharp).
/// </summary>
public static class ModelEvaluation
{
    /// <summary>The side used when neither the options nor the first model's metadata give one (the official crop_size).</summary>
    public const int DefaultSize = 256;

    private sealed record Scored(string Name, ImageScores[] VsTruth, ImageScores[] VsReference);

    /// <exception cref="ArgumentException">No model, a bad size or count, or models that map different channels.</exception>
    /// <exception cref="InvalidDataException">A model is not a generator, or there are no pairs to score.</exception>
    public static ModelEvaluationReport Run(ModelEvaluationOptions o, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.Models.Count == 0) throw new ArgumentException("give at least one .onnx model");
        if (o.Size is < 1) throw new ArgumentException($"the size must be positive, got {o.Size}");
        if (o.NumTest < 1) throw new ArgumentException($"the number of images must be positive, got {o.NumTest}");
        var translators = new List<Translator>();
        try
        {
            foreach (var path in o.Models) translators.Add(new Translator(path, o.Translator));
            return Run(translators, Labels(o.Models), o, log);
        }
        finally
        {
            foreach (var t in translators) t.Dispose();
        }
    }

    private static ModelEvaluationReport Run(List<Translator> translators, string[] labels, ModelEvaluationOptions o, TextWriter? log)
    {
        var infos = translators.Select(t => t.Model).ToArray();
        var first = infos[0];
        foreach (var info in infos.Skip(1))
            if ((info.InputChannels, info.OutputChannels) != (first.InputChannels, first.OutputChannels))
                throw new ArgumentException($"'{info.Name}' maps {info.InputChannels}→{info.OutputChannels} channels, '{first.Name}' {first.InputChannels}→{first.OutputChannels}: they cannot be compared");
        var (size, sizeSource) = o.Size is { } given ? (given, "given")
            : first.Metadata.CropSize is { } trained ? (trained, $"the crop_size '{first.Name}' was trained at")
            : (DefaultSize, $"default; '{first.Name}' does not record its training crop_size");
        int multiple = infos.Max(i => i.SizeMultiple);
        if (size % multiple != 0) throw new ArgumentException($"size {size} ({sizeSource}) is not a multiple of {multiple}, which the models need");
        var dir = o.Direction ?? (Enum.TryParse<Direction>(first.Direction, out var d) ? d : Direction.AtoB);
        var data = new DataOptions
        {
            Dataroot = o.Dataroot, Direction = dir, InputNc = first.InputChannels, OutputNc = first.OutputChannels,
            CropSize = size, Preprocess = Preprocess.resize_and_crop,
        }.ForTest(o.Phase);
        var split = PairedImageDataset.Open(data, multiple);
        int count = Math.Min(o.NumTest, split.Count);

        var pages = labels.Select(l => new ResultsPage(Path.Combine(o.ResultsDir, l), $"{l} — {o.Phase}")).ToArray();
        var rows = new List<Scored>();
        log?.WriteLine($"{count} pairs from {split.Layout} '{o.Dataroot}' ({o.Phase}, {dir}, {size}² — {sizeSource}); models: {string.Join(", ", labels)}");
        var outputs = translators.Select(_ => Array.Empty<float>()).ToArray();
        for (int i = 0; i < count; i++)
        {
            var s = split.Load(i, epoch: 0, seed: 0, train: false);
            for (int m = 0; m < translators.Count; m++)
            {
                outputs[m] = new float[s.OutputNc * s.Height * s.Width];
                translators[m].Run(s.A, outputs[m], 1, s.Height, s.Width);
            }
            var name = Path.GetFileNameWithoutExtension(s.Path);
            var vsTruth = outputs.Select(y => (ImageScores)ImageMetrics.All(y, s.B, s.OutputNc, s.Height, s.Width)).ToArray();
            var vsReference = outputs.Skip(1).Select(y => (ImageScores)ImageMetrics.All(y, outputs[0], s.OutputNc, s.Height, s.Width)).ToArray();
            for (int m = 0; m < pages.Length; m++)
                pages[m].Add(name, new ChwImage(s.A, s.InputNc, s.Height, s.Width), new ChwImage(outputs[m], s.OutputNc, s.Height, s.Width),
                             new ChwImage(s.B, s.OutputNc, s.Height, s.Width), vsTruth[m]);
            rows.Add(new Scored(name, vsTruth, vsReference));
        }
        if (rows.Count == 0) throw new InvalidDataException($"no pairs to evaluate in '{o.Dataroot}' ({o.Phase})");
        foreach (var page in pages) page.Write();
        string csvPath = Path.Combine(o.ResultsDir, "comparison.csv"), summaryPath = Path.Combine(o.ResultsDir, "summary.md");
        AtomicFile.WriteAllText(csvPath, Csv(labels, rows));
        var means = Means(labels, rows);
        AtomicFile.WriteAllText(summaryPath, Summary(means, count, o.Dataroot, o.Phase, dir, size));
        return new ModelEvaluationReport(count, size, sizeSource, dir, split.Layout.ToString(), means, csvPath, summaryPath,
            pages.Select(p => p.IndexPath).ToArray());
    }

    /// <summary>The cells of one row of the summary table: L1, PSNR, SSIM against the truth, then PSNR, min PSNR, SSIM against the first model (dashes for the first).</summary>
    public static string[] Cells(ModelScores m)
    {
        if (m.VsReference is not { } v) return [F(m.L1, 4), F(m.Psnr, 2), F(m.Ssim, 4), "—", "—", "—"];
        return [F(m.L1, 4), F(m.Psnr, 2), F(m.Ssim, 4), F(v.Psnr, 2), F(v.MinPsnr, 2), F(v.Ssim, 4)];
    }

    /// <summary>File names without extension, made unique with a counter.</summary>
    private static string[] Labels(IReadOnlyList<string> paths)
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

    private static List<ModelScores> Means(string[] labels, List<Scored> rows) =>
        labels.Select((label, m) => new ModelScores(label,
            rows.Average(r => r.VsTruth[m].L1), rows.Average(r => r.VsTruth[m].Psnr), rows.Average(r => r.VsTruth[m].Ssim),
            m == 0 ? null : (rows.Average(r => r.VsReference[m - 1].Psnr), rows.Min(r => r.VsReference[m - 1].Psnr),
                             rows.Average(r => r.VsReference[m - 1].Ssim))))
        .ToList();

    private static string Summary(List<ModelScores> means, int count, string dataroot, string phase, Direction dir, int size)
    {
        string reference = means[0].Label;
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"{count} pairs of '{dataroot}' ({phase}, {dir}, {size}²). Means over images; PSNR on 8-bit images (peak 255), L1 on [-1, 1].");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| model | L1 vs truth | PSNR vs truth (dB) | SSIM vs truth | PSNR vs {reference} (dB) | min PSNR vs {reference} (dB) | SSIM vs {reference} |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var m in means) md.AppendLine($"| {m.Label} | {string.Join(" | ", Cells(m))} |");
        return md.ToString();
    }
}
