using System.Text.RegularExpressions;

namespace Pix2Pix.Reports.Tests;

internal static partial class HtmlLinks
{
    /// <summary>Targets of every src= and href= that is a relative file link (not an anchor or a URL).</summary>
    public static IReadOnlyList<string> LocalTargets(string html) =>
        Attribute().Matches(html).Select(m => m.Groups[1].Value)
            .Where(v => !v.StartsWith('#') && !v.Contains("://"))
            .Select(Uri.UnescapeDataString)
            .ToList();

    public static void AssertAllExist(string htmlPath)
    {
        string folder = Path.GetDirectoryName(htmlPath)!;
        foreach (string target in LocalTargets(File.ReadAllText(htmlPath)))
            Assert.True(File.Exists(Path.Combine(folder, target)), $"{htmlPath} links to missing {target}");
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}
