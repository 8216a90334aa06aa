using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Image;
using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Onnx.Rewrites;

namespace Pix2Pix.Inference.MLNet.Persistence;

// The rows and CustomMapping factories that a saved TranslateImages stage is made of. ML.NET's loader finds the
// factories by contract name in this assembly (it records the assembly's name in the model zip and loads it), creates
// them with their parameterless constructors and maps rows with the delegates they return. Public because ML.NET
// needs them to be; not meant to be used directly.

/// <summary>Column names of a saved TranslateImages stage (all dropped at its end).</summary>
public static class SavedColumns
{
    /// <summary>The input image column, copied from the caller's.</summary>
    public const string Source = "Pix2Pix.Source";

    /// <summary>The packed model input (<c>[h, w, RGB planes]</c>).</summary>
    public const string Packed = ModelRewrites.PackedInputName;

    /// <summary>The packed model output (<c>[h, w, output planes]</c>).</summary>
    public const string PackedOut = ModelRewrites.PackedOutputName;

    /// <summary>The row's failure, empty when it translated.</summary>
    public const string Error = "Pix2Pix.Error";

    /// <summary>The PNG bytes, copied to the caller's output column.</summary>
    public const string Png = "Pix2Pix.Png";
}

/// <summary>A row whose image is a path.</summary>
public sealed class SavedPathRow
{
    /// <summary>The image path.</summary>
    [ColumnName(SavedColumns.Source)]
    public string Source { get; set; } = "";
}

/// <summary>A row whose image is encoded bytes.</summary>
public sealed class SavedBytesRow
{
    /// <summary>The encoded image.</summary>
    [ColumnName(SavedColumns.Source)]
    public byte[] Source { get; set; } = [];
}

/// <summary>A row whose image is an <see cref="MLImage"/> (from <c>LoadImages</c>).</summary>
public sealed class SavedImageRow
{
    /// <summary>The image.</summary>
    [ColumnName(SavedColumns.Source)]
    public MLImage? Source { get; set; }
}

/// <summary>The packed model input of a row, and its failure.</summary>
public sealed class SavedPackedRow
{
    /// <summary><c>[h, w, RGB planes in [-1, 1]]</c>.</summary>
    [ColumnName(SavedColumns.Packed)]
    public float[] Packed { get; set; } = [];

    /// <summary>Why the row's image could not be read; empty when it could.</summary>
    [ColumnName(SavedColumns.Error)]
    public string Error { get; set; } = "";
}

/// <summary>The packed model output of a row, and its failure.</summary>
public sealed class SavedPackedOutputRow
{
    /// <summary><c>[h, w, output planes in [-1, 1]]</c>.</summary>
    [ColumnName(SavedColumns.PackedOut)]
    public float[] Packed { get; set; } = [];

    /// <summary>Why the row's image could not be read; empty when it could.</summary>
    [ColumnName(SavedColumns.Error)]
    public string Error { get; set; } = "";
}

/// <summary>The PNG of a row (empty when it failed).</summary>
public sealed class SavedPngRow
{
    /// <summary>The translated image, PNG-encoded.</summary>
    [ColumnName(SavedColumns.Png)]
    public byte[] Png { get; set; } = [];
}

/// <summary>The translated image of a row as an <see cref="MLImage"/> (null when it failed).</summary>
public sealed class SavedMLImageRow
{
    /// <summary>The translated image, opaque Bgra32.</summary>
    [ColumnName(SavedColumns.Png)]
    public MLImage? Image { get; set; }
}

/// <summary>Reads an image path into the packed model input; a bad image throws.</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class PackPathFactory : CustomMappingFactory<SavedPathRow, SavedPackedRow>
{
    /// <summary>The contract name recorded in the model zip.</summary>
    public const string Contract = "Pix2Pix.PackImagePath";

    /// <inheritdoc />
    public override Action<SavedPathRow, SavedPackedRow> GetMapping() => (row, packed) => Packing.FromPath(row.Source, packed, skipBadRows: false);
}

/// <summary>Reads an image path into the packed model input; a bad image gets its reason in the error column.</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class PackPathSkippingFactory : CustomMappingFactory<SavedPathRow, SavedPackedRow>
{
    /// <summary>The contract name recorded in the model zip.</summary>
    public const string Contract = "Pix2Pix.PackImagePath.SkipBadRows";

    /// <inheritdoc />
    public override Action<SavedPathRow, SavedPackedRow> GetMapping() => (row, packed) => Packing.FromPath(row.Source, packed, skipBadRows: true);
}

/// <summary>Decodes encoded image bytes into the packed model input; a bad image throws.</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class PackBytesFactory : CustomMappingFactory<SavedBytesRow, SavedPackedRow>
{
    /// <summary>The contract name recorded in the model zip.</summary>
    public const string Contract = "Pix2Pix.PackImageBytes";

    /// <inheritdoc />
    public override Action<SavedBytesRow, SavedPackedRow> GetMapping() => (row, packed) => Packing.FromBytes(row.Source, packed, skipBadRows: false);
}

/// <summary>Decodes encoded image bytes into the packed model input; a bad image gets its reason in the error column.</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class PackBytesSkippingFactory : CustomMappingFactory<SavedBytesRow, SavedPackedRow>
{
    /// <summary>The contract name recorded in the model zip.</summary>
    public const string Contract = "Pix2Pix.PackImageBytes.SkipBadRows";

    /// <inheritdoc />
    public override Action<SavedBytesRow, SavedPackedRow> GetMapping() => (row, packed) => Packing.FromBytes(row.Source, packed, skipBadRows: true);
}

/// <summary>Packs an <see cref="MLImage"/>'s pixels into the model input; a bad image throws.</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class PackImageFactory : CustomMappingFactory<SavedImageRow, SavedPackedRow>
{
    /// <summary>The contract name recorded in the model zip.</summary>
    public const string Contract = "Pix2Pix.PackMLImage";

    /// <inheritdoc />
    public override Action<SavedImageRow, SavedPackedRow> GetMapping() => (row, packed) => Packing.FromImage(row.Source, packed, skipBadRows: false);
}

/// <summary>Packs an <see cref="MLImage"/>'s pixels into the model input; a bad image gets its reason in the error column.</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class PackImageSkippingFactory : CustomMappingFactory<SavedImageRow, SavedPackedRow>
{
    /// <summary>The contract name recorded in the model zip.</summary>
    public const string Contract = "Pix2Pix.PackMLImage.SkipBadRows";

    /// <inheritdoc />
    public override Action<SavedImageRow, SavedPackedRow> GetMapping() => (row, packed) => Packing.FromImage(row.Source, packed, skipBadRows: true);
}

/// <summary>Turns the packed model output into an <see cref="MLImage"/> (null for a failed row).</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class EncodeImageFactory : CustomMappingFactory<SavedPackedOutputRow, SavedMLImageRow>
{
    /// <summary>The contract name recorded in the model zip.</summary>
    public const string Contract = "Pix2Pix.EncodeMLImage";

    /// <inheritdoc />
    public override Action<SavedPackedOutputRow, SavedMLImageRow> GetMapping() => Packing.ToImage;
}

/// <summary>Turns the packed model output into PNG bytes (empty for a failed row).</summary>
[CustomMappingFactoryAttribute(Contract)]
public sealed class EncodePngFactory : CustomMappingFactory<SavedPackedOutputRow, SavedPngRow>
{
    /// <summary>The contract name recorded in the model zip.</summary>
    public const string Contract = "Pix2Pix.EncodePng";

    /// <inheritdoc />
    public override Action<SavedPackedOutputRow, SavedPngRow> GetMapping() => Packing.ToPng;
}

/// <summary>The row work of the saved stage: the same conversions as <see cref="Translator"/> uses.</summary>
internal static class Packing
{
    /// <summary>What a failed row is given so that the model still has an input (it is thrown away after).</summary>
    private static readonly float[] Placeholder = [1, 1, 0, 0, 0];

    /// <summary>
    /// The pixel limit of a loaded pipeline: the contracts have no settings, so the saved form checks the default
    /// (<see cref="SavedTranslation"/> refuses to save another).
    /// </summary>
    private const long MaxPixels = ImageTranslationOptions.DefaultMaxImagePixels;

    public static void FromPath(string path, SavedPackedRow packed, bool skipBadRows) =>
        Pack(ImageTranslationException.PathImage(path), () => path.Length == 0
            ? throw new ImageException("the path is empty")
            : ImageSourceReader.Decode(ImageSourceReader.ReadFile(path), path, MaxPixels), packed, skipBadRows);

    public static void FromBytes(byte[] bytes, SavedPackedRow packed, bool skipBadRows) =>
        Pack(ImageTranslationException.BytesImage(bytes.Length), () => ImageSourceReader.Decode(bytes, null, MaxPixels), packed, skipBadRows);

    public static void FromImage(MLImage? image, SavedPackedRow packed, bool skipBadRows)
    {
        string source = "MLImage";
        Pack(() => source, () => ImageSourceReader.ReadImage(image, MaxPixels, out source), packed, skipBadRows);
    }

    private static void Pack(string source, Func<Mat> read, SavedPackedRow packed, bool skipBadRows) =>
        Pack(() => source, read, packed, skipBadRows);

    private static void Pack(Func<string> source, Func<Mat> read, SavedPackedRow packed, bool skipBadRows)
    {
        try
        {
            using Mat decoded = read();
            using Mat rgb = ImageConvert.To8Bit(decoded, 3);
            var values = new float[2 + ImageTensor.ElementCount(rgb)];
            values[0] = rgb.Height;
            values[1] = rgb.Width;
            ImageTensor.ToChw(rgb, values.AsSpan(2));
            packed.Packed = values;
            packed.Error = "";
        }
        catch (Exception e) when (e is ImageException or IOException or ArgumentException)
        {
            string reason = e is ImageException ie ? ie.Reason : e.Message;
            var failure = new ImageTranslationException(-1, source(), reason, e);
            if (!skipBadRows) throw failure;
            packed.Packed = Placeholder;
            packed.Error = failure.Message;
        }
    }

    public static void ToPng(SavedPackedOutputRow output, SavedPngRow png)
    {
        using Mat? image = Unpack(output);
        png.Png = image is null ? [] : ImageCodec.Encode(image, ".png");
    }

    public static void ToImage(SavedPackedOutputRow output, SavedMLImageRow row)
    {
        using Mat? image = Unpack(output);
        row.Image = image is null ? null : MLImage.CreateFromPixels(image.Width, image.Height, MLPixelFormat.Bgra32, MLImagePixels.ToBgra(image));
    }

    /// <summary>The translated image (BGR or gray, 8-bit) of a row, or null for a failed one.</summary>
    private static Mat? Unpack(SavedPackedOutputRow output)
    {
        if (output.Error.Length > 0) return null;
        float[] values = output.Packed;
        int height = (int)values[0], width = (int)values[1];
        int pixels = height * width;
        if (pixels <= 0 || (values.Length - 2) % pixels != 0)
            throw new InvalidDataException($"the saved model returned {values.Length - 2} values for a {width}x{height} image");
        return ImageTensor.FromChw(values.AsSpan(2), (values.Length - 2) / pixels, height, width);
    }
}
