using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Options;
using Pix2Pix.Weights;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// The run's static web page, <c>&lt;runDir&gt;/web/index.html</c>, like the official visualizer's but self-contained:
/// latest losses and validation metrics, the loss chart, per-epoch sample grids newest first, and the options.
/// Images live in <c>web/images/</c> (<c>epoch003.png</c>, its metrics in <c>epoch003.json</c>, <c>loss.png</c>);
/// a new instance over an existing run folder picks up the epochs already there, so a resumed run keeps them.
/// </summary>
public sealed partial class TrainingReport
{
    /// <summary>File name of the loss chart inside <see cref="ImagesDir"/>.</summary>
    public const string LossPlotFile = "loss.png";

    private static readonly JsonSerializerOptions MetricsJson = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    private readonly string _title;
    private readonly string _optionsJson;
    private readonly SortedDictionary<int, IReadOnlyDictionary<string, double>?> _epochs = [];

    /// <param name="runDir">The run folder (<c>checkpoints/&lt;name&gt;</c>).</param>
    /// <param name="title">Page title, e.g. the experiment name.</param>
    /// <param name="optionsJson">The run's options as a JSON object; shown as a key/value table.</param>
    public TrainingReport(string runDir, string title, string optionsJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDir);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(optionsJson);
        WebDir = Path.GetFullPath(Path.Combine(runDir, "web"));
        ImagesDir = Path.Combine(WebDir, "images");
        _title = title;
        _optionsJson = optionsJson;
        Directory.CreateDirectory(ImagesDir);
        foreach (string file in Directory.EnumerateFiles(ImagesDir, "epoch*.png"))
            if (EpochImage().Match(Path.GetFileName(file)) is { Success: true } match)
            {
                int epoch = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                _epochs[epoch] = ReadMetrics(epoch);
            }
    }

    /// <summary>A report for the run <paramref name="options"/> describe, titled with its name.</summary>
    public static TrainingReport For(TrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var json = new JsonSerializerOptions { Converters = { new JsonStringEnumConverter() } };
        return new TrainingReport(options.RunDir, options.Name, JsonSerializer.Serialize(options, json));
    }

    /// <summary>The <c>web</c> folder.</summary>
    public string WebDir { get; }

    /// <summary>The <c>web/images</c> folder.</summary>
    public string ImagesDir { get; }

    /// <summary>The page itself.</summary>
    public string IndexPath => Path.Combine(WebDir, "index.html");

    /// <summary>Epochs that have a sample grid, oldest first.</summary>
    public IReadOnlyList<int> Epochs => _epochs.Keys.ToList();

    /// <summary>File name of the sample grid of <paramref name="epoch"/>.</summary>
    public static string EpochImageFile(int epoch) => $"epoch{epoch.ToString("000", CultureInfo.InvariantCulture)}.png";

    /// <summary>Saves the sample grid (and validation metrics, if any) of <paramref name="epoch"/>, replacing earlier ones.</summary>
    public void AddEpoch(int epoch, Mat grid, IReadOnlyDictionary<string, double>? valMetrics = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentNullException.ThrowIfNull(grid);
        ImageCodec.Write(grid, Path.Combine(ImagesDir, EpochImageFile(epoch)));
        string metricsPath = MetricsPath(epoch);
        if (valMetrics is null)
            File.Delete(metricsPath);
        else
            AtomicFile.WriteAllBytes(metricsPath, JsonSerializer.SerializeToUtf8Bytes(valMetrics, MetricsJson));
        _epochs[epoch] = valMetrics is null ? null : new Dictionary<string, double>(valMetrics);
    }

    /// <summary>Deletes the grids of epochs after <paramref name="epoch"/> (a run resumed from an earlier checkpoint redoes them).</summary>
    public void RemoveEpochsAfter(int epoch)
    {
        foreach (int later in _epochs.Keys.Where(e => e > epoch).ToList())
        {
            File.Delete(Path.Combine(ImagesDir, EpochImageFile(later)));
            File.Delete(MetricsPath(later));
            _epochs.Remove(later);
        }
    }

    /// <summary>Redraws the loss chart from <paramref name="records"/> and rewrites the page, both atomically.</summary>
    public void Write(IReadOnlyList<LossRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        LossPlot.Render(records, Path.Combine(ImagesDir, LossPlotFile));
        AtomicFile.WriteAllText(IndexPath, Html.Page(_title, Body(records)));
    }

    private string Body(IReadOnlyList<LossRecord> records)
    {
        StepRecord? last = records.OfType<StepRecord>().MaxBy(r => r.Iter);
        Dictionary<int, IReadOnlyDictionary<string, double>> metrics = MetricsByEpoch(records);
        var html = new StringBuilder();
        html.Append("<h1>").Append(Html.Encode(_title)).Append("</h1>\n<p class=\"sub\">updated ").Append(Html.Now());
        if (last is not null)
            html.Append(" &middot; epoch ").Append(last.Epoch).Append(" &middot; iteration ").Append(last.Iter);
        html.Append("</p>\n<nav><a href=\"#latest\">Latest</a><a href=\"#losses\">Losses</a><a href=\"#samples\">Samples</a><a href=\"#options\">Options</a></nav>\n");

        html.Append("<section id=\"latest\">\n<h2>Latest</h2>\n");
        if (last is null)
            html.Append("<p class=\"muted\">No losses logged yet.</p>\n");
        else
            html.Append(Html.Cards([
                ("epoch", last.Epoch.ToString(CultureInfo.InvariantCulture)),
                ("iteration", last.Iter.ToString(CultureInfo.InvariantCulture)),
                ("elapsed", Elapsed(last.TimeS)),
                ("lr", Html.Number(last.Lr)),
                ("G_GAN", Html.Number(last.G_GAN)),
                ("G_L1", Html.Number(last.G_L1)),
                ("D_real", Html.Number(last.D_real)),
                ("D_fake", Html.Number(last.D_fake)),
            ]));
        if (metrics.Count > 0)
        {
            (int epoch, IReadOnlyDictionary<string, double> latest) = metrics.MaxBy(m => m.Key);
            html.Append("<h3>Validation after epoch ").Append(epoch).Append("</h3>\n")
                .Append(Html.Cards(latest.Select(m => (m.Key, Html.Number(m.Value)))));
        }
        html.Append("</section>\n");

        html.Append("<section id=\"losses\">\n<h2>Losses</h2>\n<img src=\"images/").Append(LossPlotFile)
            .Append("\" width=\"900\" height=\"420\" alt=\"loss curves\">\n</section>\n");

        html.Append("<section id=\"samples\">\n<h2>Samples</h2>\n");
        if (_epochs.Count == 0)
            html.Append("<p class=\"muted\">No epoch finished yet.</p>\n");
        foreach (int epoch in _epochs.Keys.Reverse())
        {
            string src = "images/" + EpochImageFile(epoch);
            html.Append("<div class=\"epoch\"><h3>epoch ").Append(epoch);
            if (metrics.TryGetValue(epoch, out var values))
                html.Append(" <span class=\"muted\">&middot; ")
                    .Append(Html.Encode(string.Join("  ", values.Select(m => $"{m.Key} {Html.Number(m.Value)}")))).Append("</span>");
            html.Append("</h3>\n<a href=\"").Append(src).Append("\"><img src=\"").Append(src)
                .Append("\" alt=\"samples of epoch ").Append(epoch).Append("\" loading=\"lazy\"></a></div>\n");
        }
        html.Append("</section>\n");

        html.Append("<section id=\"options\">\n<h2>Options</h2>\n").Append(OptionsHtml()).Append("</section>\n");
        return html.ToString();
    }

    private string OptionsHtml()
    {
        IReadOnlyList<(string Key, string Value)>? rows = OptionsTable.Flatten(_optionsJson);
        if (rows is null)
            return "<pre>" + Html.Encode(_optionsJson) + "</pre>\n";
        var html = new StringBuilder("<div class=\"options\">\n");
        foreach ((string key, string value) in rows)
            html.Append("<div class=\"opt\"><span class=\"key\">").Append(Html.Encode(key))
                .Append("</span><span class=\"val\">").Append(Html.Encode(value)).Append("</span></div>\n");
        return html.Append("</div>\n").ToString();
    }

    private Dictionary<int, IReadOnlyDictionary<string, double>> MetricsByEpoch(IReadOnlyList<LossRecord> records)
    {
        var byEpoch = new Dictionary<int, IReadOnlyDictionary<string, double>>();
        foreach (ValidationRecord v in records.OfType<ValidationRecord>())
            byEpoch[v.Epoch] = new Dictionary<string, double> { ["val_L1"] = v.ValL1, ["val_PSNR"] = v.ValPsnr };
        foreach ((int epoch, IReadOnlyDictionary<string, double>? values) in _epochs)
            if (values is not null)
                byEpoch[epoch] = values;
        return byEpoch;
    }

    private IReadOnlyDictionary<string, double>? ReadMetrics(int epoch)
    {
        string path = MetricsPath(epoch);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllBytes(path), MetricsJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string MetricsPath(int epoch) => Path.Combine(ImagesDir, Path.ChangeExtension(EpochImageFile(epoch), ".json"));

    private static string Elapsed(double seconds) =>
        double.IsFinite(seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 86400 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture)
            : "?";

    [GeneratedRegex(@"^epoch(\d+)\.png$")]
    private static partial Regex EpochImage();
}
