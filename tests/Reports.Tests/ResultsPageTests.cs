using System.Globalization;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

public sealed class ResultsPageTests
{
    [Fact]
    public void The_page_lists_every_image_with_scores_and_links_that_exist()
    {
        using var dir = new TempDir();
        var page = new ResultsPage(ResultsPage.DirectoryFor(dir.Path, "facades"), "facades test_latest");
        page.Add("1.jpg", FakeRun.Image(3, 32, 32, 1), FakeRun.Image(3, 32, 32, 2), FakeRun.Image(3, 32, 32, 3), 3, 32, 32, (0.21, 17.5, 0.61));
        page.Add("sub/2.jpg", FakeRun.Chw(1, 32, 48, 4), FakeRun.Chw(3, 32, 48, 5), FakeRun.Chw(3, 32, 48, 6), new ImageScores(0.18, 18.25, 0.66));
        page.Add("2.png", FakeRun.Chw(3, 16, 16, 7), FakeRun.Chw(3, 16, 16, 8), FakeRun.Chw(3, 16, 16, 9), new ImageScores(0.3, 15, 0.5));
        page.Write();

        Assert.Equal(Path.Combine(dir.Path, "facades", "test_latest", "index.html"), page.IndexPath);
        string html = File.ReadAllText(page.IndexPath);
        foreach (string name in new[] { "1.jpg", "sub/2.jpg", "2.png" })
            Assert.Contains($"<td>{name}</td>", html);
        Assert.Contains("images/1_fake_B.png", html);
        Assert.Contains("images/2_real_A.png", html);
        Assert.Contains("images/2_2_real_B.png", html);
        Assert.True(html.IndexOf("mean PSNR", StringComparison.Ordinal) < html.IndexOf("<td>1.jpg</td>", StringComparison.Ordinal));
        Assert.Equal(9 + 1, HtmlLinks.LocalTargets(html).Distinct().Count());
        HtmlLinks.AssertAllExist(page.IndexPath);
    }

    [Fact]
    public void The_csv_mean_row_is_the_mean_of_the_image_rows()
    {
        using var dir = new TempDir();
        var page = new ResultsPage(dir.Path, "t");
        var random = new Random(3);
        for (int i = 0; i < 7; i++)
            page.Add($"img,{i}.png", FakeRun.Chw(3, 8, 8, i), FakeRun.Chw(3, 8, 8, i + 1), FakeRun.Chw(3, 8, 8, i + 2),
                new ImageScores(random.NextDouble(), 10 + 20 * random.NextDouble(), random.NextDouble()));
        page.Write();

        string[] lines = File.ReadAllLines(page.CsvPath);
        Assert.Equal("name,L1,PSNR,SSIM", lines[0]);
        Assert.Equal(7 + 2, lines.Length);
        Assert.StartsWith("\"img,0.png\",", lines[1]);
        double[][] rows = lines[1..^1].Select(Numbers).ToArray();
        double[] mean = Numbers(lines[^1]);
        Assert.StartsWith("mean,", lines[^1]);
        for (int column = 0; column < 3; column++)
            Assert.Equal(rows.Average(r => r[column]), mean[column], 12);
        Assert.Equal(page.Mean.Psnr, mean[1], 12);
    }

    private static double[] Numbers(string line) =>
        line.Split(',')[^3..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
