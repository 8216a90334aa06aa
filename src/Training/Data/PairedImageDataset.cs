using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Training.Data;

/// <summary>
/// One split of image pairs (official <c>AlignedDataset</c>, plus paired A/B folders) with the official preprocessing.
/// Thread-safe: <see cref="Load"/> may run on several threads at once.
/// </summary>
public sealed class PairedImageDataset
{
    private const ulong JitterDomain = 0x6A69747465720001;

    private readonly IReadOnlyList<PairSource> _pairs;
    private readonly PairTransform _transform;

    private PairedImageDataset(DataOptions options, int sizeMultiple, DatasetLayout layout)
    {
        Options = options;
        SizeMultiple = sizeMultiple;
        Layout = layout.Description;
        _pairs = layout.Pairs.Take(options.MaxDatasetSize).ToList();
        Paths = _pairs.Select(p => p.PathA).ToList();
        _transform = new PairTransform(options, sizeMultiple);
    }

    /// <summary>
    /// Finds the pairs of <see cref="DataOptions.Phase"/> under <see cref="DataOptions.Dataroot"/> and checks the options.
    /// Layouts, in order of preference: <c>phase/A + phase/B</c>, <c>A/phase + B/phase</c>, <c>phase/*</c> aligned A|B images, <c>A + B</c>;
    /// paired files match by name without extension.
    /// </summary>
    /// <param name="options">Dataroot, phase, direction, channels and preprocessing.</param>
    /// <param name="sizeMultiple">The generator's input side multiple (<see cref="NetGKind.SizeMultiple"/>): 256 for unet_256, 4 for a ResNet.</param>
    /// <exception cref="ArgumentException">An option is invalid or does not fit the generator.</exception>
    /// <exception cref="DirectoryNotFoundException">No known layout under the dataroot; the message lists the layouts looked for.</exception>
    /// <exception cref="InvalidDataException">The folders hold no images, or paired files do not match up.</exception>
    /// <exception cref="OpenCvUnavailableException">OpenCV, which decodes the images, cannot be loaded.</exception>
    public static PairedImageDataset Open(DataOptions options, int sizeMultiple) => Open(options, sizeMultiple, null);

    /// <summary>As <see cref="Open(DataOptions, int)"/>, with messages and suggestions that name <paramref name="netG"/>.</summary>
    public static PairedImageDataset Open(DataOptions options, NetGKind netG)
    {
        ArgumentNullException.ThrowIfNull(netG);
        return Open(options, netG.SizeMultiple, netG.Name);
    }

    private static PairedImageDataset Open(DataOptions options, int sizeMultiple, string? generatorName)
    {
        DataOptionsValidation.ValidateDataset(options, sizeMultiple, generatorName);
        OpenCvRuntime.EnsureLoaded();
        return new PairedImageDataset(options, sizeMultiple, DatasetLayout.Detect(options.Dataroot, options.Phase));
    }

    /// <summary>The options the dataset was opened with; preprocessing, direction and channels come from here.</summary>
    public DataOptions Options { get; }

    /// <summary>The generator's input side multiple the dataset was validated against.</summary>
    public int SizeMultiple { get; }

    /// <summary>Which layout was found, e.g. "aligned train/* (A|B side by side)" or "paired folders A/train + B/train".</summary>
    public string Layout { get; }

    public int Count => _pairs.Count;

    /// <summary>Sorted source files: the aligned images, or the A-folder files of a paired layout.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>
    /// Reads and transforms pair <paramref name="index"/>. With <paramref name="train"/> the crop and flip are drawn from
    /// (<paramref name="seed"/>, <paramref name="epoch"/>, <paramref name="index"/>) alone, the same for A and B; without it
    /// the crop is centred and nothing is flipped.
    /// </summary>
    /// <exception cref="ImageLoadException">A file is missing, unreadable, corrupt, or its halves end up of different sizes.</exception>
    public PairSample Load(int index, int epoch, long seed, bool train)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        PairSource source = _pairs[index];
        var (fileA, fileB) = ReadSides(source);
        using (fileA)
        using (fileB)
        {
            bool aToB = Options.Direction == Direction.AtoB;
            Mat input = aToB ? fileA : fileB, target = aToB ? fileB : fileA;
            var random = SplitMix64.For(seed, JitterDomain, epoch, index);
            Jitter jitter = train ? _transform.Draw(input.Cols, input.Rows, ref random) : _transform.Centered(input.Cols, input.Rows);
            float[] a = _transform.Apply(input, jitter, out int height, out int width);
            float[] b = _transform.Apply(target, jitter, out int targetHeight, out int targetWidth);
            if (targetHeight != height || targetWidth != width)
                throw new ImageLoadException(source.PathB ?? source.PathA,
                    $"A is {fileA.Cols}x{fileA.Rows} and B {fileB.Cols}x{fileB.Rows}, which preprocess {Options.Preprocess} turns into " +
                    "different sizes; give both images of a pair the same size, or use preprocess resize_and_crop");
            return new PairSample(index, source.PathA, a, b, height, width);
        }
    }

    private int ChannelsOfFileA => Options.Direction == Direction.AtoB ? Options.InputNc : Options.OutputNc;

    private int ChannelsOfFileB => Options.Direction == Direction.AtoB ? Options.OutputNc : Options.InputNc;

    private (Mat A, Mat B) ReadSides(PairSource source)
    {
        if (source.PathB is null)
            return SplitAligned(source.PathA);
        Mat a = ReadAs(source.PathA, ChannelsOfFileA);
        try
        {
            return (a, ReadAs(source.PathB, ChannelsOfFileB));
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    private (Mat A, Mat B) SplitAligned(string path)
    {
        using Mat decoded = Decode(path);
        if (decoded.Cols < 2)
            throw new ImageLoadException(path, $"a {decoded.Cols}x{decoded.Rows} image is too narrow to hold A and B side by side");
        int half = decoded.Cols / 2;
        using Mat left = ImageGeometry.View(decoded, 0, 0, half, decoded.Rows);
        using Mat right = ImageGeometry.View(decoded, half, 0, half, decoded.Rows);
        Mat a = To8Bit(left, ChannelsOfFileA, path);
        try
        {
            return (a, To8Bit(right, ChannelsOfFileB, path));
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    private static Mat ReadAs(string path, int channels)
    {
        using Mat decoded = Decode(path);
        return To8Bit(decoded, channels, path);
    }

    private static Mat Decode(string path)
    {
        try
        {
            return ImageCodec.Read(path);
        }
        catch (ImageException e)
        {
            throw new ImageLoadException(path, e.Reason, e);
        }
    }

    private static Mat To8Bit(Mat image, int channels, string path)
    {
        try
        {
            return ImageConvert.To8Bit(image, channels);
        }
        catch (ImageException e)
        {
            throw new ImageLoadException(path, e.Reason, e);
        }
    }
}
