using System.Globalization;
using System.Text;
using Pix2Pix.Imaging;
using Pix2Pix.Weights;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// The page <c>pix2pix test</c> leaves in <c>results/&lt;name&gt;/&lt;phase&gt;_&lt;epoch&gt;/</c>: <c>index.html</c> with the mean
/// scores on top and one row per image (real_A, fake_B, real_B, L1, PSNR, SSIM), the images as PNG under <c>images/</c>
/// (written as they are added, official names <c>&lt;name&gt;_fake_B.png</c>...), and <c>metrics.csv</c>.
/// </summary>
public sealed class ResultsPage
{
    private static readonly string[] Columns = ["real_A", "fake_B", "real_B"];

    private readonly string _title;
    private readonly List<Entry> _entries = [];
    private readonly HashSet<string> _stems = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="directory">Folder of the page, e.g. from <see cref="DirectoryFor"/>.</param>
    /// <param name="title">Page title.</param>
    public ResultsPage(string directory, string title)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(title);
        Directory = Path.GetFullPath(directory);
        _title = title;
        System.IO.Directory.CreateDirectory(ImagesDir);
    }

    /// <summary>The official layout: <c>&lt;resultsDir&gt;/&lt;name&gt;/&lt;phase&gt;_&lt;epoch&gt;</c>, e.g. <c>results/facades/test_latest</c>.</summary>
    public static string DirectoryFor(string resultsDir, string name, string phase = "test", string epoch = "latest") =>
        Path.Combine(resultsDir, name, $"{phase}_{epoch}");

    public string Directory { get; }

    public string ImagesDir => Path.Combine(Directory, "images");

    public string IndexPath => Path.Combine(Directory, "index.html");

    public string CsvPath => Path.Combine(Directory, "metrics.csv");

    /// <summary>Images added so far.</summary>
    public int Count => _entries.Count;

    /// <summary>Arithmetic means of the scores added so far (NaN while empty).</summary>
    public ImageScores Mean => _entries.Count == 0
        ? new ImageScores(double.NaN, double.NaN, double.NaN)
        : new ImageScores(_entries.Average(e => e.Scores.L1), _entries.Average(e => e.Scores.Psnr), _entries.Average(e => e.Scores.Ssim));

    /// <summary>Adds one test image, writing its three PNGs now.</summary>
    /// <param name="name">The source file's name (its extension and folders are dropped for the image names).</param>
    /// <param name="realA">The input.</param>
    /// <param name="fakeB">The generator's output.</param>
    /// <param name="realB">The target.</param>
    /// <param name="scores">fake_B against real_B.</param>
    public void Add(string name, ChwImage realA, ChwImage fakeB, ChwImage realB, ImageScores scores)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        string stem = UniqueStem(name);
        ChwImage[] images = [realA, fakeB, realB];
        for (int i = 0; i < Columns.Length; i++)
        {
            using var bgr = images[i].ToBgr();
            ImageCodec.Write(bgr, Path.Combine(ImagesDir, ImageFile(stem, Columns[i])));
        }
        _entries.Add(new Entry(name, stem, scores));
    }

    /// <summary>Adds one test image whose three planes share the shape <paramref name="c"/> × <paramref name="h"/> × <paramref name="w"/>.</summary>
    public void Add(string name, float[] realA, float[] fakeB, float[] realB, int c, int h, int w, ImageScores scores) =>
        Add(name, new ChwImage(realA, c, h, w), new ChwImage(fakeB, c, h, w), new ChwImage(realB, c, h, w), scores);

    /// <summary>Writes <c>index.html</c> and <c>metrics.csv</c> atomically.</summary>
    public void Write()
    {
        AtomicFile.WriteAllText(CsvPath, Csv());
        AtomicFile.WriteAllText(IndexPath, Html.Page(_title, Body()));
    }

    private string Body()
    {
        ImageScores mean = Mean;
        var html = new StringBuilder();
        html.Append("<h1>").Append(Html.Encode(_title)).Append("</h1>\n<p class=\"sub\">").Append(_entries.Count)
            .Append(" images &middot; written ").Append(Html.Now()).Append(" &middot; <a href=\"metrics.csv\">metrics.csv</a></p>\n");

        html.Append("<section>\n<h2>Summary</h2>\n<table>\n<tr><th class=\"num\">images</th><th class=\"num\">mean L1</th>")
            .Append("<th class=\"num\">mean PSNR (dB)</th><th class=\"num\">mean SSIM</th></tr>\n<tr><td class=\"num\">")
            .Append(_entries.Count).Append("</td>").Append(ScoreCells(mean)).Append("</tr>\n</table>\n</section>\n");

        html.Append("<section>\n<h2>Images</h2>\n<table>\n<tr><th>#</th><th>name</th>");
        foreach (string column in Columns)
            html.Append("<th>").Append(column).Append("</th>");
        html.Append("<th class=\"num\">L1</th><th class=\"num\">PSNR</th><th class=\"num\">SSIM</th></tr>\n");
        for (int i = 0; i < _entries.Count; i++)
        {
            Entry entry = _entries[i];
            html.Append("<tr><td class=\"muted\">").Append(i + 1).Append("</td><td>").Append(Html.Encode(entry.Name)).Append("</td>");
            foreach (string column in Columns)
            {
                string src = Html.Url("images/" + ImageFile(entry.Stem, column));
                html.Append("<td class=\"thumb\"><a href=\"").Append(src).Append("\"><img src=\"").Append(src)
                    .Append("\" alt=\"").Append(column).Append("\" loading=\"lazy\"></a></td>");
            }
            html.Append(ScoreCells(entry.Scores)).Append("</tr>\n");
        }
        return html.Append("</table>\n</section>\n").ToString();
    }

    private static string ScoreCells(ImageScores s) =>
        $"<td class=\"num\">{Html.Number(s.L1)}</td><td class=\"num\">{Html.Number(s.Psnr)}</td><td class=\"num\">{Html.Number(s.Ssim)}</td>";

    private string Csv()
    {
        var csv = new StringBuilder("name,L1,PSNR,SSIM\n");
        foreach (Entry entry in _entries)
            AppendCsvRow(csv, entry.Name, entry.Scores);
        AppendCsvRow(csv, "mean", Mean);
        return csv.ToString();
    }

    private static void AppendCsvRow(StringBuilder csv, string name, ImageScores s) =>
        csv.Append(CsvField(name)).Append(',').Append(Invariant(s.L1)).Append(',').Append(Invariant(s.Psnr)).Append(',').Append(Invariant(s.Ssim)).Append('\n');

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string CsvField(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";

    private static string ImageFile(string stem, string column) => $"{stem}_{column}.png";

    private string UniqueStem(string name)
    {
        string baseName = Path.GetFileNameWithoutExtension(name.Replace('\\', '/').Split('/')[^1]);
        var clean = new StringBuilder();
        foreach (char ch in baseName)
            clean.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_');
        string stem = clean.Length == 0 ? "image" : clean.ToString();
        string candidate = stem;
        for (int n = 2; !_stems.Add(candidate); n++)
            candidate = $"{stem}_{n}";
        return candidate;
    }

    private sealed record Entry(string Name, string Stem, ImageScores Scores);
}
