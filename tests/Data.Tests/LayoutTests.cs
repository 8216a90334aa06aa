using OpenCvSharp;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Data.Tests;

public sealed class LayoutTests : IDisposable
{
    private readonly TempDataset _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("train/A", "train/B", "paired folders train/A + train/B")]
    [InlineData("A/train", "B/train", "paired folders A/train + B/train")]
    [InlineData("A", "B", "paired folders A + B")]
    public void PairedFoldersPairFilesByNameWhateverTheExtension(string folderA, string folderB, string layout)
    {
        string[] extensionsB = [".bmp", ".PNG", ".tiff"];
        for (int i = 0; i < 3; i++)
        {
            byte a = (byte)(10 * (i + 1)), b = (byte)(100 + 10 * i);
            using Mat imageA = Images.Solid(8, 8, a, a, a), imageB = Images.Solid(8, 8, b, b, b);
            _data.Write($"{folderA}/img{i}.png", imageA);
            _data.Write($"{folderB}/img{i}{extensionsB[i]}", imageB);
        }
        _data.WriteBytes($"{folderA}/notes.txt", "not an image"u8.ToArray());

        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.none }, 4);

        Assert.Equal(layout, dataset.Layout);
        Assert.Equal(3, dataset.Count);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => Path.Combine(_data.Root, folderA, $"img{i}.png")), dataset.Paths);
        for (int i = 0; i < 3; i++)
        {
            PairSample sample = dataset.Load(i, 0, 0, train: true);
            Assert.All(sample.A, v => Assert.Equal(Images.Normalized(10 * (i + 1)), v));
            Assert.All(sample.B, v => Assert.Equal(Images.Normalized(100 + 10 * i), v));
        }
    }

    [Fact]
    public void PairedFoldersWithBtoASwapInputAndTarget()
    {
        using Mat dark = Images.Solid(8, 8, 0, 0, 0), light = Images.Solid(8, 8, 255, 255, 255);
        _data.Write("train/A/x.jpg", dark);
        _data.Write("train/B/x.png", light);

        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.none, Direction = Direction.BtoA }, 4);
        PairSample sample = dataset.Load(0, 0, 0, train: true);

        Assert.All(sample.A, v => Assert.Equal(1f, v));
        Assert.All(sample.B, v => Assert.True(v < -0.95f));
    }

    [Fact]
    public void AlignedLayoutIsSortedLikePythonAndRecognisesExtensionsInAnyCase()
    {
        using Mat half = Images.Pattern(8, 8);
        foreach (string name in new[] { "10.jpg", "2.PNG", "1.jpeg", "100.Bmp", "3.png", ".hidden.png" })
            _data.WriteAligned($"train/{name}", half, half);
        _data.WriteBytes("train/4.gif", "GIF89a"u8.ToArray());
        _data.WriteBytes("train/5.txt", "text"u8.ToArray());

        var dataset = PairedImageDataset.Open(_data.Options(), 256);

        Assert.Equal("aligned train/* (A|B side by side)", dataset.Layout);
        Assert.Equal(["1.jpeg", "10.jpg", "100.Bmp", "2.PNG", "3.png"], dataset.Paths.Select(Path.GetFileName));
    }

    [Fact]
    public void MaxDatasetSizeKeepsTheFirstSortedFiles()
    {
        using Mat half = Images.Pattern(8, 8);
        for (int i = 0; i < 5; i++)
            _data.WriteAligned($"train/{i}.png", half, half);

        var dataset = PairedImageDataset.Open(_data.Options() with { MaxDatasetSize = 3 }, 256);

        Assert.Equal(["0.png", "1.png", "2.png"], dataset.Paths.Select(Path.GetFileName));
    }

    [Fact]
    public void UnmatchedNamesAreListedOnBothSides()
    {
        using Mat image = Images.Pattern(8, 8);
        foreach (string name in new[] { "a", "b", "c" })
            _data.Write($"train/A/{name}.png", image);
        foreach (string name in new[] { "a", "c", "d", "e" })
            _data.Write($"train/B/{name}.jpg", image);

        var error = Assert.Throws<InvalidDataException>(() => PairedImageDataset.Open(_data.Options(), 256));

        Assert.Contains("1 of 3 files", error.Message);
        Assert.Contains("(b.png)", error.Message);
        Assert.Contains("2 of 4 files", error.Message);
        Assert.Contains("(d.jpg, e.jpg)", error.Message);
    }

    [Fact]
    public void TwoFilesOfOneNameInAFolderAreRejected()
    {
        using Mat image = Images.Pattern(8, 8);
        _data.Write("train/A/a.png", image);
        _data.Write("train/A/a.jpg", image);
        _data.Write("train/B/a.png", image);

        var error = Assert.Throws<InvalidDataException>(() => PairedImageDataset.Open(_data.Options(), 256));

        Assert.Contains("a.jpg", error.Message);
        Assert.Contains("a.png", error.Message);
    }

    [Fact]
    public void MissingDatarootSaysWhichLayoutsWereLookedFor()
    {
        string missing = Path.Combine(_data.Root, "nowhere");

        var error = Assert.Throws<DirectoryNotFoundException>(() => PairedImageDataset.Open(new DataOptions { Dataroot = missing }, 256));

        Assert.Contains($"dataroot '{missing}' does not exist", error.Message);
        Assert.Contains(Path.Combine(missing, "train", "A"), error.Message);
        Assert.Contains(Path.Combine(missing, "A", "train"), error.Message);
        Assert.Contains("aligned", error.Message);
    }

    [Fact]
    public void MissingPhaseSaysWhichLayoutsWereLookedFor()
    {
        using Mat half = Images.Pattern(8, 8);
        _data.WriteAligned("train/0.png", half, half);

        var error = Assert.Throws<DirectoryNotFoundException>(() => PairedImageDataset.Open(_data.Options() with { Phase = "test" }, 256));

        Assert.Contains("no 'test' data", error.Message);
        Assert.Contains(Path.Combine(_data.Root, "test", "A"), error.Message);
    }

    [Fact]
    public void FolderWithoutItsPartnerIsNamed()
    {
        using Mat image = Images.Pattern(8, 8);
        _data.Write("train/A/a.png", image);

        var error = Assert.Throws<DirectoryNotFoundException>(() => PairedImageDataset.Open(_data.Options(), 256));

        Assert.Contains(Path.Combine(_data.Root, "train", "B"), error.Message);
    }

    [Fact]
    public void PhaseFolderWithoutImagesIsAnError()
    {
        _data.WriteBytes("train/readme.txt", "no images here"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => PairedImageDataset.Open(_data.Options(), 256));

        Assert.Contains("holds no images", error.Message);
    }
}
