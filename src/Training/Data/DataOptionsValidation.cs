using Pix2Pix.Training.Options;

namespace Pix2Pix.Training.Data;

/// <summary>Checks <see cref="DataOptions"/> against each other and the generator; messages say which option to change.</summary>
internal static class DataOptionsValidation
{
    /// <summary>Options the dataset depends on.</summary>
    /// <param name="o">The options to check.</param>
    /// <param name="sizeMultiple">The generator's input side multiple.</param>
    /// <param name="generatorName">The <c>--netG</c> name, quoted in messages and used for suggestions; null when unknown.</param>
    /// <exception cref="ArgumentException">An option is out of range or does not fit the generator.</exception>
    public static void ValidateDataset(DataOptions o, int sizeMultiple, string? generatorName)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeMultiple);
        if (string.IsNullOrWhiteSpace(o.Dataroot))
            Fail("dataroot is empty; pass --dataroot <folder>");
        if (string.IsNullOrWhiteSpace(o.Phase))
            Fail("phase is empty; use --phase train (or val, test)");
        CheckChannels("input_nc", o.InputNc);
        CheckChannels("output_nc", o.OutputNc);
        if (o.MaxDatasetSize <= 0)
            Fail($"max_dataset_size must be positive, got {o.MaxDatasetSize}");
        if (o.Preprocess == Preprocess.none)
            return;

        if (o.LoadSize <= 0)
            Fail($"load_size must be positive, got {o.LoadSize}");
        if (o.CropSize <= 0)
            Fail($"crop_size must be positive, got {o.CropSize}");

        string needs = generatorName is null ? "which the generator needs" : $"which {generatorName} needs";
        if (o.CropSize % sizeMultiple != 0)
            Fail($"crop_size {o.CropSize} is not a multiple of {sizeMultiple}, {needs}; use {Suggestions("crop_size", o.CropSize, sizeMultiple, generatorName)}");
        if (o.Preprocess == Preprocess.scale_width && o.LoadSize % sizeMultiple != 0)
            Fail($"load_size {o.LoadSize} is not a multiple of {sizeMultiple}, {needs}: preprocess scale_width makes it the image width; " +
                 $"use {Suggestions("load_size", o.LoadSize, sizeMultiple, generatorName)}, or preprocess scale_width_and_crop");
        if (o.Preprocess is Preprocess.resize_and_crop or Preprocess.scale_width_and_crop && o.LoadSize < o.CropSize)
            Fail($"load_size {o.LoadSize} is smaller than crop_size {o.CropSize}: preprocess {o.Preprocess} crops crop_size out of an image " +
                 $"scaled to load_size; use --load_size {o.CropSize} or larger (pix2pix uses 286 for crop_size 256)");
    }

    /// <summary>Options the loader depends on.</summary>
    public static void ValidateLoader(DataOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (o.BatchSize <= 0)
            Fail($"batch_size must be positive, got {o.BatchSize}");
        if (o.NumWorkers < 0)
            Fail($"num_workers must be 0 (load on the training thread) or more, got {o.NumWorkers}");
    }

    private static void CheckChannels(string name, int channels)
    {
        if (channels is not (1 or 3))
            Fail($"{name} {channels} is not supported by the image loader; use 1 (grayscale) or 3 (RGB)");
    }

    private static string Suggestions(string option, int value, int multiple, string? generatorName)
    {
        int nearest = Math.Max(multiple, (int)Math.Round((double)value / multiple, MidpointRounding.AwayFromZero) * multiple);
        var fixes = new List<string> { $"--{option} {nearest}" };
        if (generatorName is not null && option == "crop_size")
        {
            int largestPowerOfTwo = value & -value;
            if (largestPowerOfTwo >= 32)
                fixes.Add($"--netG unet_{largestPowerOfTwo}");
            else if (value % 4 == 0)
                fixes.Add("--netG resnet_9blocks");
        }
        return string.Join(" or ", fixes);
    }

    private static void Fail(string message) => throw new ArgumentException(message);
}
