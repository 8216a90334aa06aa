using System.Text.Json;
using System.Text.Json.Serialization;
using Pix2Pix.Training.Networks;

namespace Pix2Pix.Training.Options;

/// <summary>JSON form of the options, stored in every checkpoint and shown in the report (names as the official flags).</summary>
public static class OptionsJson
{
    public static JsonSerializerOptions Settings { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(), new NetGKindConverter() },
    };

    public static string Serialize<T>(T options) => JsonSerializer.Serialize(options, Settings);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Settings) ?? throw new InvalidDataException("options JSON is empty");

    private sealed class NetGKindConverter : JsonConverter<NetGKind>
    {
        public override NetGKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            NetGKind.Parse(reader.GetString() ?? throw new JsonException("netG must be a string"));

        public override void Write(Utf8JsonWriter writer, NetGKind value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
    }
}
