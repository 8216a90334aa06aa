using System.Globalization;
using System.Text.Json;

namespace Pix2Pix.Onnx;

/// <summary>
/// The pix2pix <c>metadata_props</c> of an exported generator, read one way by every tool (inference, quantizer,
/// rewrites, evaluate). Keys are read bare or with a <c>pix2pix.</c> prefix; every entry is optional.
/// </summary>
/// <param name="Direction">"AtoB" or "BtoA", or null.</param>
/// <param name="InputNc">Input channels, or null.</param>
/// <param name="OutputNc">Output channels, or null.</param>
/// <param name="SizeMultiple">Height and width of the input must be multiples of this (1 when not recorded).</param>
/// <param name="NetG">The generator architecture (e.g. unet_256), or null.</param>
/// <param name="CropSize">The image side the model was trained on (<c>crop_size</c>), or null when the export did not know it.</param>
/// <param name="Entries">Every entry, as written.</param>
public sealed record GeneratorMetadata(
    string? Direction, int? InputNc, int? OutputNc, int SizeMultiple, string? NetG, int? CropSize,
    IReadOnlyDictionary<string, string> Entries)
{
    public const string DirectionKey = "direction";
    public const string InputNcKey = "input_nc";
    public const string OutputNcKey = "output_nc";
    public const string NormalizationKey = "normalization";
    public const string SizeMultipleKey = "size_multiple";
    public const string NetGKey = "netG";
    public const string NgfKey = "ngf";
    public const string NormKey = "norm";
    public const string BatchNormFoldedKey = "batchnorm_folded";
    /// <summary>The side of the training crops; written when the export knows the training options.</summary>
    public const string CropSizeKey = "crop_size";
    /// <summary>The training options as JSON; present only when they were known at export time.</summary>
    public const string TrainingOptionsKey = "training_options";
    /// <summary>The ConvTranspose form of a rewritten model.</summary>
    public const string ConvTransposeAsKey = "convtranspose_as";
    /// <summary>The element type of a float16 model.</summary>
    public const string PrecisionKey = "precision";
    /// <summary>How a quantized model was quantized.</summary>
    public const string QuantizationKey = "quantization";

    /// <summary>How images map to the model's input range (and back, with the inverse).</summary>
    public const string NormalizationValue = "[-1,1]: x/127.5-1";

    /// <summary>Reads the entries of a model's <c>metadata_props</c> (for example ONNX Runtime's <c>CustomMetadataMap</c>).</summary>
    /// <param name="entries">The key/value pairs.</param>
    /// <param name="model">The model's name, for messages.</param>
    /// <exception cref="InvalidDataException">A number entry is not a positive integer or the direction is unknown.</exception>
    public static GeneratorMetadata Read(IReadOnlyDictionary<string, string> entries, string model)
    {
        ArgumentNullException.ThrowIfNull(entries);
        string? direction = Get(entries, DirectionKey);
        if (direction is not (null or "AtoB" or "BtoA")) throw Invalid(model, $"metadata {DirectionKey} = '{direction}' is neither AtoB nor BtoA");
        return new GeneratorMetadata(direction, PositiveInt(entries, InputNcKey, model), PositiveInt(entries, OutputNcKey, model),
            PositiveInt(entries, SizeMultipleKey, model) ?? 1, Get(entries, NetGKey),
            PositiveInt(entries, CropSizeKey, model) ?? TrainingCropSize(Get(entries, TrainingOptionsKey)), entries);
    }

    /// <summary>Reads the <c>metadata_props</c> of <paramref name="model"/> (the last entry wins for a repeated key).</summary>
    public static GeneratorMetadata Read(ModelProto model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in model.MetadataProps) entries[p.Key] = p.Value;
        return Read(entries, name);
    }

    /// <summary>Sets (or adds) one entry of <paramref name="model"/>'s <c>metadata_props</c>.</summary>
    public static void Set(ModelProto model, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(model);
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == key);
        if (entry is null) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        else entry.Value = value;
    }

    /// <summary>An entry's value, or null.</summary>
    public string? this[string key] => Get(Entries, key);

    private static string? Get(IReadOnlyDictionary<string, string> entries, string key) =>
        entries.TryGetValue(key, out var v) || entries.TryGetValue("pix2pix." + key, out v) ? v : null;

    private static int? PositiveInt(IReadOnlyDictionary<string, string> entries, string key, string model)
    {
        string? text = Get(entries, key);
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw Invalid(model, $"metadata {key} = '{text}' is not a positive integer");
    }

    /// <summary><c>data.crop_size</c> of the training options JSON of exports that did not write <see cref="CropSizeKey"/>.</summary>
    private static int? TrainingCropSize(string? json)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("crop_size", out var crop)
                   && crop.TryGetInt32(out int size) && size > 0 ? size : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static InvalidDataException Invalid(string model, string reason) =>
        new($"Model '{model}' cannot be used for image translation: {reason}.");
}
