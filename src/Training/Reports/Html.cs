using System.Globalization;
using System.Net;
using System.Text;

namespace Pix2Pix.Training.Reports;

/// <summary>Pieces shared by the static report pages: escaping, number formatting and the page shell with its CSS.</summary>
internal static class Html
{
    private const string Style = """
        body{margin:0;background:#f5f6f8;color:#1f2328;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
        main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}
        h1{font-size:22px;margin:0 0 2px}
        h2{font-size:16px;margin:0 0 10px}
        h3{font-size:14px;margin:14px 0 6px}
        a{color:#0b5cad}
        .sub{color:#656d76;margin:0 0 4px}
        nav{margin:6px 0 16px;color:#656d76}
        nav a{margin-right:12px}
        section{background:#fff;border:1px solid #dfe2e6;border-radius:8px;padding:14px 18px;margin:0 0 16px;overflow-x:auto}
        table{border-collapse:collapse}
        th,td{padding:4px 12px 4px 0;text-align:left;border-bottom:1px solid #eef0f2;vertical-align:middle}
        th{color:#57606a;font-weight:600}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        img{max-width:100%;height:auto;display:block}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:0 0 8px}
        .card{border:1px solid #dfe2e6;border-radius:6px;padding:6px 12px;min-width:96px}
        .card span{display:block;color:#656d76;font-size:12px}
        .card b{font-size:17px;font-variant-numeric:tabular-nums}
        .muted{color:#656d76}
        .epoch{border-top:1px solid #eef0f2;padding-top:4px}
        .epoch:first-of-type{border-top:0}
        .options{columns:2 340px;column-gap:32px}
        .opt{display:flex;gap:12px;padding:3px 0;border-bottom:1px solid #eef0f2;break-inside:avoid}
        .opt .key{color:#57606a;min-width:130px}
        .opt .val{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
        .thumb img{width:256px;max-width:none}
        """;

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A relative URL for a path under the page's folder ('/'-separated segments, each percent-encoded).</summary>
    public static string Url(string relativePath) =>
        string.Join('/', relativePath.Split('/', '\\').Select(Uri.EscapeDataString));

    /// <summary>A number with as many digits as its size deserves; infinities and NaN spelled out.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        double magnitude = Math.Abs(value);
        string format = magnitude switch
        {
            0 => "0",
            >= 1000 => "0",
            >= 10 => "0.00",
            >= 0.01 => "0.0000",
            _ => "0.##e0",
        };
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>A complete page: doctype, UTF-8, viewport, the shared CSS, and <paramref name="body"/> inside &lt;main&gt;.</summary>
    public static string Page(string title, string body)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append(body)
            .Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>A row of labelled values.</summary>
    public static string Cards(IEnumerable<(string Label, string Value)> cards)
    {
        var html = new StringBuilder("<div class=\"cards\">");
        foreach ((string label, string value) in cards)
            html.Append("<div class=\"card\"><span>").Append(Encode(label)).Append("</span><b>").Append(Encode(value)).Append("</b></div>");
        return html.Append("</div>\n").ToString();
    }

    /// <summary>Timestamp for "updated ..." lines.</summary>
    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
