using System.Text.Json;

namespace Pix2Pix.Training.Reports;

/// <summary>Turns a JSON object of options into key/value rows, nested objects as dotted keys ("Data.Dataroot").</summary>
internal static class OptionsTable
{
    /// <summary>The rows, or null when <paramref name="json"/> is not a JSON object.</summary>
    public static IReadOnlyList<(string Key, string Value)>? Flatten(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            var rows = new List<(string, string)>();
            Add(rows, "", document.RootElement);
            return rows;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Add(List<(string, string)> rows, string prefix, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in element.EnumerateObject())
                Add(rows, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", property.Value);
            return;
        }
        string value = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() ?? "",
            JsonValueKind.Null => "null",
            _ => element.GetRawText(),
        };
        rows.Add((prefix, value));
    }
}
