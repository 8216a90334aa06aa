using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pix2Pix.Weights;

/// <summary>The JSON header of a safetensors file.</summary>
internal static class SafeTensorsHeader
{
    public const string MetadataKey = "__metadata__";
    public const long MaxHeaderBytes = 100_000_000;

    public sealed record Entry(string Name, DType DType, long[] Shape, long Begin, long End);

    /// <summary>Header bytes for tensors already in ordinal name order, padded with spaces to a multiple of 8.</summary>
    public static byte[] Encode(IReadOnlyList<NamedTensor> sorted, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            bool metadataWritten = metadata is null || metadata.Count == 0;
            long offset = 0;
            foreach (var tensor in sorted)
            {
                if (!metadataWritten && string.CompareOrdinal(MetadataKey, tensor.Name) < 0)
                {
                    WriteMetadata(json, metadata!);
                    metadataWritten = true;
                }
                json.WriteStartObject(tensor.Name);
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Data.LongLength;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteString("dtype", tensor.DType.SafeTensorsName());
                json.WriteStartArray("shape");
                foreach (long dim in tensor.Shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            if (!metadataWritten)
                WriteMetadata(json, metadata!);
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    /// <summary>Parses and validates a header; entries come back in data order.</summary>
    public static (List<Entry> Entries, Dictionary<string, string> Metadata) Decode(
        byte[] header, long dataLength, Func<string, Exception> invalid)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
            throw invalid("header does not start with '{'");
        if (!System.Text.Unicode.Utf8.IsValid(header))
            throw invalid("header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw invalid($"header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw invalid($"key '{property.Name}' appears twice");
                if (property.Name == MetadataKey)
                    ReadMetadata(property.Value, metadata, invalid);
                else
                    entries.Add(ReadEntry(property.Name, property.Value, invalid));
            }
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            CheckCoverage(entries, dataLength, invalid);
            return (entries, metadata);
        }
    }

    private static void WriteMetadata(Utf8JsonWriter json, IReadOnlyDictionary<string, string> metadata)
    {
        json.WriteStartObject(MetadataKey);
        foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            json.WriteString(key, value ?? throw new ArgumentException($"metadata '{key}' is null", nameof(metadata)));
        json.WriteEndObject();
    }

    private static void ReadMetadata(JsonElement element, Dictionary<string, string> metadata, Func<string, Exception> invalid)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw invalid($"'{MetadataKey}' must be an object of strings");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw invalid($"metadata '{item.Name}' is a {item.Value.ValueKind}, not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static Entry ReadEntry(string name, JsonElement element, Func<string, Exception> invalid)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw invalid($"tensor '{name}': entry must be an object");
        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw invalid($"tensor '{name}': missing string 'dtype'");
        string dtypeName = dtypeElement.GetString()!;
        if (!DTypes.TryParseSafeTensorsName(dtypeName, out var dtype))
            throw invalid($"tensor '{name}': unknown dtype '{dtypeName}'");
        long[] shape = ReadIntegers(name, element, "shape", invalid);
        long[] offsets = ReadIntegers(name, element, "data_offsets", invalid);
        if (offsets.Length != 2)
            throw invalid($"tensor '{name}': 'data_offsets' must hold [begin, end]");
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw invalid($"tensor '{name}': data_offsets [{begin}, {end}] end before they begin");
        long expectedBytes;
        try
        {
            expectedBytes = checked(NamedTensor.CountElements(shape) * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw invalid($"tensor '{name}': shape [{string.Join(", ", shape)}] is too large");
        }
        if (end - begin != expectedBytes)
            throw invalid($"tensor '{name}': {dtypeName}[{string.Join(", ", shape)}] needs {expectedBytes} bytes but data_offsets [{begin}, {end}] span {end - begin}");
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] ReadIntegers(string name, JsonElement element, string field, Func<string, Exception> invalid)
    {
        if (!element.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw invalid($"tensor '{name}': missing array '{field}'");
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out values[i]) || values[i] < 0)
                throw invalid($"tensor '{name}': '{field}' must hold non-negative integers");
            i++;
        }
        return values;
    }

    private static void CheckCoverage(List<Entry> entries, long dataLength, Func<string, Exception> invalid)
    {
        long covered = 0;
        Entry? previous = null;
        foreach (var entry in entries)
        {
            if (entry.End > dataLength)
                throw invalid($"tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] run past the {dataLength} data bytes");
            if (entry.Begin < covered)
                throw invalid($"tensor '{entry.Name}': data_offsets [{entry.Begin}, {entry.End}] overlap tensor '{previous!.Name}' [{previous.Begin}, {previous.End}]");
            if (entry.Begin > covered)
                throw invalid($"data bytes [{covered}, {entry.Begin}) belong to no tensor");
            covered = entry.End;
            previous = entry;
        }
        if (covered != dataLength)
            throw invalid($"data bytes [{covered}, {dataLength}) belong to no tensor");
    }
}
