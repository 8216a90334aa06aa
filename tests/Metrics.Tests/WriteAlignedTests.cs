using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Synthetic;

namespace Pix2Pix.Metrics.Tests;

public sealed class WriteAlignedTests : IDisposable
{
    private static readonly SyntheticOptions Options = new(Size: 32, Seed: 9);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "p2p-synthetic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void WriteLabels_writes_the_left_halves_of_the_test_split_alone()
    {
        SyntheticPairs.WriteAligned(_root, Options, 5, 2, 3);
        string labels = SyntheticPairs.WriteLabels(Path.Combine(_root, "labels"), Options, first: 7, count: 3);
        Assert.Equal(Names(3), Directory.EnumerateFiles(labels).Select(Path.GetFileName).Order().ToList());
        for (int k = 0; k < 3; k++)
        {
            using var pair = ImageCodec.Read(Path.Combine(_root, "test", $"{k:D4}.png"));
            using var label = ImageCodec.Read(Path.Combine(labels, $"{k:D4}.png"));
            using var left = ImageGeometry.Crop(pair, 0, 0, 32, 32);
            Assert.Equal((32, 32), (label.Width, label.Height));
            Assert.Equal(Pixels.ToBytes(left), Pixels.ToBytes(label));
        }
    }

    [Fact]
    public void WritesSideBySidePairsInTheAlignedLayout()
    {
        Assert.Equal(_root, SyntheticPairs.WriteAligned(_root, Options, 5, 2, 3));

        Assert.Equal(Names(5), PngNames("train"));
        Assert.Equal(Names(2), PngNames("val"));
        Assert.Equal(Names(3), PngNames("test"));
        Assert.True(File.Exists(Path.Combine(_root, "synthetic.json")));
        Assert.Empty(Directory.EnumerateFiles(_root, "*.tmp", SearchOption.AllDirectories));

        using var image = ImageCodec.Read(Path.Combine(_root, "val", "0001.png"));
        Assert.Equal((32, 64, 3), (image.Rows, image.Cols, image.Channels()));
        var (a, b) = SyntheticPairs.Render(5 + 1, Options);
        using var rgb = new Mat();
        Cv2.CvtColor(image, rgb, ColorConversionCodes.BGR2RGB);
        byte[] pixels = Pixels.ToBytes(rgb);
        for (int y = 0; y < 32; y++)
        {
            Assert.Equal(a.AsSpan(y * 96, 96).ToArray(), pixels.AsSpan(y * 192, 96).ToArray());
            Assert.Equal(b.AsSpan(y * 96, 96).ToArray(), pixels.AsSpan(y * 192 + 96, 96).ToArray());
        }
    }

    [Fact]
    public void AnEmptySplitGetsNoFolderAndLosesTheOneItHad()
    {
        SyntheticPairs.WriteAligned(_root, Options, 3, 0, 1);
        Assert.False(Directory.Exists(Path.Combine(_root, "val")));
        Assert.Equal(Names(3), PngNames("train"));

        SyntheticPairs.WriteAligned(_root, Options, 3, 2, 1);
        Assert.Equal(Names(2), PngNames("val"));
        File.WriteAllText(Path.Combine(_root, "test", "notes.txt"), "mine");

        SyntheticPairs.WriteAligned(_root, Options, 3, 0, 0);
        Assert.False(Directory.Exists(Path.Combine(_root, "val")));
        Assert.Equal(["notes.txt"], Directory.GetFiles(Path.Combine(_root, "test")).Select(Path.GetFileName));
    }

    [Fact]
    public void SecondCallWithTheSameSettingsRewritesNothing()
    {
        SyntheticPairs.WriteAligned(_root, Options, 4, 1, 1);
        var stamps = AllFiles().ToDictionary(f => f, File.GetLastWriteTimeUtc);
        string marker = Path.Combine(_root, "train", "0002.png");
        File.SetLastWriteTimeUtc(marker, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.Delete(Path.Combine(_root, "test", "0000.png"));

        SyntheticPairs.WriteAligned(_root, Options, 4, 1, 1);

        Assert.Equal(new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(marker));
        Assert.True(File.Exists(Path.Combine(_root, "test", "0000.png")));
        Assert.Equal(stamps.Keys.Order(), AllFiles().Order());
    }

    [Fact]
    public void OtherSettingsRegenerateAndDropLeftovers()
    {
        SyntheticPairs.WriteAligned(_root, Options, 4, 1, 1);
        File.WriteAllText(Path.Combine(_root, "train", "notes.txt"), "mine");

        SyntheticPairs.WriteAligned(_root, Options with { Size = 16 }, 2, 1, 1);

        Assert.Equal(Names(2), PngNames("train"));
        Assert.True(File.Exists(Path.Combine(_root, "train", "notes.txt")));
        using var image = ImageCodec.Read(Path.Combine(_root, "train", "0001.png"));
        Assert.Equal((16, 32), (image.Rows, image.Cols));
    }

    [Fact]
    public void DefaultSplitIsEightyTenTen()
    {
        SyntheticPairs.WriteAligned(_root, new SyntheticOptions(Size: 16, Count: 20, Seed: 3));
        Assert.Equal((16, 2, 2), (PngNames("train").Count, PngNames("val").Count, PngNames("test").Count));
    }

    private IEnumerable<string> AllFiles() => Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories);

    private List<string> PngNames(string split) =>
        Directory.EnumerateFiles(Path.Combine(_root, split), "*.png").Select(Path.GetFileName).Order().ToList()!;

    private static List<string> Names(int count) => Enumerable.Range(0, count).Select(i => $"{i:D4}.png").ToList();
}
