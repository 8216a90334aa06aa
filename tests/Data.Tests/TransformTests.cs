using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Data.Tests;

public sealed class TransformTests : IDisposable
{
    private readonly TempDataset _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData(Preprocess.resize_and_crop, 286, 256, 256, 256, 256)]
    [InlineData(Preprocess.crop, 286, 256, 256, 256, 256)]
    [InlineData(Preprocess.scale_width, 286, 256, 2, 286, 256)]
    [InlineData(Preprocess.scale_width, 600, 256, 4, 600, 400)]
    [InlineData(Preprocess.scale_width_and_crop, 286, 256, 256, 256, 256)]
    [InlineData(Preprocess.none, 286, 256, 4, 300, 200)]
    [InlineData(Preprocess.none, 286, 256, 8, 304, 200)]
    [InlineData(Preprocess.none, 286, 256, 256, 256, 256)]
    public void EachPreprocessGivesTheOfficialSizeAndIdenticalJitterForAAndB(
        Preprocess preprocess, int load, int crop, int multiple, int width, int height)
    {
        using (Mat half = Images.Pattern(300, 200))
            for (int i = 0; i < 6; i++)
                _data.WriteAligned($"train/{i}.png", half, half);
        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = preprocess, LoadSize = load, CropSize = crop }, multiple);

        for (int i = 0; i < dataset.Count; i++)
        {
            PairSample sample = dataset.Load(i, epoch: 1, seed: 42, train: true);
            Assert.Equal((height, width), (sample.Height, sample.Width));
            Assert.Equal(3 * height * width, sample.A.Length);
            Assert.Equal(sample.A, sample.B);
        }
    }

    [Fact]
    public void CropTakesAWindowOfTheSourceWithVaryingOffsetsAndFlips()
    {
        using Mat half = Images.Pattern(100, 80);
        _data.WriteAligned("train/0.png", half, half);
        float[] source = ImageTensor.ToChw(half);
        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.crop, CropSize = 64 }, 4);

        var offsets = new HashSet<(int, int)>();
        int flips = 0;
        for (int epoch = 0; epoch < 60; epoch++)
        {
            PairSample sample = dataset.Load(0, epoch, seed: 5, train: true);
            var (x, y, flip) = FindWindow(source, 80, 100, sample.A, 64);
            offsets.Add((x, y));
            flips += flip ? 1 : 0;
            Assert.Equal(sample.A, sample.B);
        }
        Assert.True(offsets.Count > 30, $"only {offsets.Count} distinct crop offsets in 60 epochs");
        Assert.InRange(flips, 15, 45);
    }

    [Fact]
    public void EvaluationCropsTheCentreWithoutFlipping()
    {
        using Mat half = Images.Pattern(100, 80);
        _data.WriteAligned("val/0.png", half, half);
        float[] source = ImageTensor.ToChw(half);
        var dataset = PairedImageDataset.Open(_data.Options() with { Phase = "val", Preprocess = Preprocess.crop, CropSize = 64 }, 4);

        PairSample first = dataset.Load(0, epoch: 1, seed: 1, train: false);
        PairSample second = dataset.Load(0, epoch: 9, seed: 99, train: false);

        Assert.Equal(Chw.Window(source, 3, 80, 100, 18, 8, 64, flip: false), first.A);
        Assert.Equal(first.A, second.A);
    }

    [Fact]
    public void CropLargerThanTheImageIsPaddedWithBlack()
    {
        using Mat half = Images.Pattern(300, 200);
        _data.WriteAligned("train/0.png", half, half);
        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.crop, NoFlip = true }, 256);

        PairSample sample = dataset.Load(0, 0, 0, train: true);

        Assert.Equal((256, 256), (sample.Height, sample.Width));
        for (int c = 0; c < 3; c++)
            for (int row = 200; row < 256; row++)
                Assert.All(sample.A.AsSpan((c * 256 + row) * 256, 256).ToArray(), v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void FlipsAboutHalfTheTimeAndMirrorsAAndBTogether()
    {
        using Mat half = Images.Pattern(12, 8);
        _data.WriteAligned("train/0.png", half, half);
        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.none }, 4);
        float[] plain = ImageTensor.ToChw(half), mirrored = Chw.Mirror(plain, 3, 8, 12);

        int flips = 0;
        for (int epoch = 0; epoch < 200; epoch++)
        {
            PairSample sample = dataset.Load(0, epoch, seed: 3, train: true);
            bool flipped = sample.A.SequenceEqual(mirrored);
            Assert.True(flipped || sample.A.SequenceEqual(plain));
            Assert.Equal(sample.A, sample.B);
            flips += flipped ? 1 : 0;
        }
        Assert.InRange(flips, 70, 130);
    }

    [Fact]
    public void NoFlipNeverMirrors()
    {
        using Mat half = Images.Pattern(12, 8);
        _data.WriteAligned("train/0.png", half, half);
        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.none, NoFlip = true }, 4);
        float[] plain = ImageTensor.ToChw(half);

        for (int epoch = 0; epoch < 20; epoch++)
            Assert.Equal(plain, dataset.Load(0, epoch, seed: 3, train: true).A);
    }

    [Theory]
    [InlineData(Direction.AtoB, 10, 200)]
    [InlineData(Direction.BtoA, 200, 10)]
    public void DirectionChoosesWhichHalfIsTheInput(Direction direction, int inputValue, int targetValue)
    {
        using Mat left = Images.Solid(40, 40, 10, 10, 10), right = Images.Solid(40, 40, 200, 200, 200);
        _data.WriteAligned("train/0.png", left, right);
        var dataset = PairedImageDataset.Open(_data.Options() with { Direction = direction, LoadSize = 36, CropSize = 32 }, 32);

        PairSample sample = dataset.Load(0, 0, 0, train: true);

        Assert.All(sample.A, v => Assert.Equal(Images.Normalized(inputValue), v));
        Assert.All(sample.B, v => Assert.Equal(Images.Normalized(targetValue), v));
    }

    [Fact]
    public void GrayRgbaAndSixteenBitSourcesBecomeRgbPlanes()
    {
        using (Mat gray = Pixels.FromBytes(Halves<byte>([40], [220], 8, 8), 8, 16, 1))
            _data.Write("train/gray.png", gray);
        using (Mat bgra = Pixels.FromBytes(Halves<byte>([30, 20, 10, 255], [50, 100, 200, 7], 8, 8), 8, 16, 4))
            _data.Write("train/rgba.png", bgra);
        using (Mat bgr16 = Pixels.FromUInt16(Halves<ushort>([257 * 80, 257 * 70, 257 * 60], [257 * 128, 0, 65535], 8, 8), 8, 16, 3))
            _data.Write("train/rgb16.png", bgr16);
        using (Mat gray16 = Pixels.FromUInt16(Halves<ushort>([257 * 33], [257 * 99], 8, 8), 8, 16, 1))
            _data.Write("train/zgray16.png", gray16);
        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.none, NoFlip = true }, 4);

        AssertPixels(dataset.Load(0, 0, 0, true), [40, 40, 40], [220, 220, 220]);
        AssertPixels(dataset.Load(1, 0, 0, true), [60, 70, 80], [255, 0, 128]);
        AssertPixels(dataset.Load(2, 0, 0, true), [10, 20, 30], [200, 100, 50]);
        AssertPixels(dataset.Load(3, 0, 0, true), [33, 33, 33], [99, 99, 99]);
    }

    [Theory]
    [InlineData(Direction.AtoB)]
    [InlineData(Direction.BtoA)]
    public void OneChannelInputIsTheGrayscaleOfTheInputSide(Direction direction)
    {
        using Mat colour = Images.Solid(8, 8, 100, 150, 200), gray = Images.Solid(8, 8, 9, 9, 9);
        if (direction == Direction.AtoB)
            _data.WriteAligned("train/0.png", colour, gray);
        else
            _data.WriteAligned("train/0.png", gray, colour);
        var dataset = PairedImageDataset.Open(_data.Options() with { Direction = direction, InputNc = 1, Preprocess = Preprocess.none }, 4);

        PairSample sample = dataset.Load(0, 0, 0, train: true);

        Assert.Equal((1, 3), (sample.InputNc, sample.OutputNc));
        Assert.Equal(64, sample.A.Length);
        int luma = (int)Math.Round(0.299 * 100 + 0.587 * 150 + 0.114 * 200);
        Assert.All(sample.A, v => Assert.Equal(Images.Normalized(luma), v, 1.01f / 127.5f));
        Assert.All(sample.B, v => Assert.Equal(Images.Normalized(9), v));
    }

    [Fact]
    public void UnreadableFileRaisesImageLoadExceptionNamingIt()
    {
        using (Mat half = Images.Pattern(8, 8))
            _data.WriteAligned("train/0.png", half, half);
        string bad = _data.WriteBytes("train/1.png", "not a png at all"u8.ToArray());
        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.none }, 4);

        var error = Assert.Throws<ImageLoadException>(() => dataset.Load(1, 0, 0, true));

        Assert.Equal(bad, error.FilePath);
        Assert.Contains(bad, error.Message);
    }

    private static void AssertPixels(PairSample sample, int[] a, int[] b)
    {
        int plane = sample.Height * sample.Width;
        for (int c = 0; c < 3; c++)
        {
            Assert.All(sample.A.AsSpan(c * plane, plane).ToArray(), v => Assert.Equal(Images.Normalized(a[c]), v));
            Assert.All(sample.B.AsSpan(c * plane, plane).ToArray(), v => Assert.Equal(Images.Normalized(b[c]), v));
        }
    }

    private static T[] Halves<T>(T[] left, T[] right, int halfWidth, int height)
    {
        int channels = left.Length;
        var pixels = new T[height * halfWidth * 2 * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < 2 * halfWidth; x++)
                (x < halfWidth ? left : right).CopyTo(pixels, (y * 2 * halfWidth + x) * channels);
        return pixels;
    }

    private static (int X, int Y, bool Flip) FindWindow(float[] source, int height, int width, float[] window, int size)
    {
        for (int y = 0; y <= height - size; y++)
            for (int x = 0; x <= width - size; x++)
                foreach (bool flip in new[] { false, true })
                    if (Chw.IsWindow(source, 3, height, width, x, y, size, flip, window))
                        return (x, y, flip);
        throw new Xunit.Sdk.XunitException("the sample is no window of the source image");
    }
}
