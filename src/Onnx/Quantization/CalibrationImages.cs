using System.Globalization;
using Pix2Pix.Imaging;
using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>
/// Calibration inputs from a folder of images, preprocessed as <c>Pix2Pix.Inference</c> does: decoded with OpenCV,
/// converted to the model's channels (<see cref="ImageConvert.To8Bit"/>), resized to a square with pix2pix's
/// resampling (<see cref="ImageGeometry.Resize(Mat, int, int)"/>: Pillow's bicubic) and scaled to [−1, 1] (<see cref="ImageTensor"/>).
/// </summary>
public static class CalibrationImages
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
        { ".png", ".jpg", ".jpeg", ".jpe", ".bmp", ".dib", ".tif", ".tiff", ".webp", ".pbm", ".pgm", ".ppm", ".pnm" };

    /// <summary>
    /// Up to <paramref name="maxImages"/> image files under <paramref name="folder"/> (recursive, hidden files
    /// skipped), spread evenly over the ordinally sorted list so a subset still spans the folder.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no image.</exception>
    public static IReadOnlyList<string> Find(string folder, int maxImages)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxImages, 1);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"calibration folder '{folder}' does not exist");
        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
            .Where(f => Extensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidDataException($"calibration folder '{folder}' holds no image ({string.Join(" ", Extensions.Order())})");
        if (files.Count <= maxImages) return files;
        return Enumerable.Range(0, maxImages).Select(i => files[(int)((long)i * files.Count / maxImages)]).ToList();
    }

    /// <summary>One batch of one image per file, decoded lazily.</summary>
    /// <param name="files">Image files.</param>
    /// <param name="channels">The model's input channels, 1 or 3.</param>
    /// <param name="size">Side of the square the images are resized to.</param>
    /// <param name="half">For aligned A|B pairs: 0 takes the left half, 1 the right; null takes the whole image.</param>
    public static IEnumerable<CalibrationBatch> Load(IEnumerable<string> files, int channels, int size, int? half = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "a generator takes 1 or 3 channels");
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (half is not (null or 0 or 1)) throw new ArgumentOutOfRangeException(nameof(half), half, "half is 0 (left), 1 (right) or null");
        return Iterate(files, channels, size, half);
    }

    /// <summary>The calibration batches <see cref="Quantizer.Quantize(ModelProto, string, QuantizeOptions?)"/> uses for <paramref name="model"/>.</summary>
    public static IEnumerable<CalibrationBatch> ForModel(ModelProto model, string folder, QuantizeOptions o)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(o);
        var files = Find(folder, o.MaxImages);
        var metadata = GeneratorMetadata.Read(model, "model");
        var channels = InputChannels(model, metadata);
        var multiple = metadata.SizeMultiple;
        var size = o.ImageSize ?? (256 + multiple - 1) / multiple * multiple;
        if (size % multiple != 0) throw new ArgumentException($"calibration size {size} is not a multiple of the model's size_multiple {multiple}");
        int? half = null;
        if (o.AlignedPairs)
            half = metadata.Direction == "BtoA" ? 1 : 0;
        return Load(files, channels, size, half);
    }

    private static IEnumerable<CalibrationBatch> Iterate(IEnumerable<string> files, int channels, int size, int? half)
    {
        foreach (var file in files)
        {
            using var decoded = ImageCodec.Read(file);
            using var source = half is { } h ? ImageGeometry.View(decoded, h * (decoded.Width / 2), 0, decoded.Width / 2, decoded.Height) : decoded.Clone();
            using var converted = ImageConvert.To8Bit(source, channels);
            using var resized = ImageGeometry.Resize(converted, size, size);
            yield return new CalibrationBatch(ImageTensor.ToChw(resized), [1, channels, size, size]);
        }
    }

    private static int InputChannels(ModelProto model, GeneratorMetadata metadata)
    {
        var input = model.Graph.Input.FirstOrDefault(v => model.Graph.Initializer.All(t => t.Name != v.Name))
                    ?? throw new ArgumentException("the model has no graph input");
        var dims = input.Type?.TensorType?.Shape?.Dim;
        if (dims is { Count: 4 } && dims[1].HasDimValue) return (int)dims[1].DimValue;
        return metadata.InputNc ?? throw new ArgumentException($"cannot tell the channel count of input '{input.Name}'");
    }
}
