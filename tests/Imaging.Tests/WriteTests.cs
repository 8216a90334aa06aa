using OpenCvSharp;

namespace Pix2Pix.Imaging.Tests;

public sealed class WriteTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("a.png")]
    [InlineData("a.bmp")]
    [InlineData("a.tif")]
    public void WriteThenReadIsExactAndLeavesNoTempFile(string name)
    {
        using Mat m = TestImages.PatternMat(20, 30);
        string path = _dir.File(name);
        ImageCodec.Write(m, path);
        Assert.Equal(new[] { name }, _dir.Entries());
        using Mat back = ImageCodec.Read(path);
        Assert.Equal(Pixels.ToBytes(m), Pixels.ToBytes(back));
    }

    [Fact]
    public void WriteReplacesAnExistingFile()
    {
        string path = _dir.File("x.png");
        using (Mat first = TestImages.Solid(4, 4, 255, 0, 0)) ImageCodec.Write(first, path);
        using (Mat second = TestImages.Solid(6, 5, 0, 0, 255)) ImageCodec.Write(second, path);
        using Mat back = ImageCodec.Read(path);
        Assert.Equal((6, 5), (back.Rows, back.Cols));
        Assert.Equal(new byte[] { 255, 0, 0 }, TestImages.Pixel(back, 0, 0));
        Assert.Single(_dir.Entries());
    }

    [Fact]
    public void FailedEncodeDoesNotClobberTheExistingFile()
    {
        string path = _dir.File("keep.png");
        File.WriteAllBytes(path, [1, 2, 3]);
        using Mat unencodable = new(4, 4, MatType.CV_8UC2, Scalar.All(0));
        var e = Assert.Throws<ImageException>(() => ImageCodec.Write(unencodable, path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("channels", e.Message);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(new[] { "keep.png" }, _dir.Entries());
    }

    [Fact]
    public void UnsupportedExtensionWritesNothing()
    {
        using Mat m = TestImages.PatternMat(2, 2);
        string path = _dir.File("a.gif");
        var e = Assert.Throws<ImageException>(() => ImageCodec.Write(m, path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(".gif", e.Message);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void MissingFolderIsCreated()
    {
        using Mat m = TestImages.PatternMat(2, 2);
        string path = _dir.File("missing/deeper/a.png");
        ImageCodec.Write(m, path);
        using Mat back = ImageCodec.Read(path);
        Assert.Equal(Pixels.ToBytes(m), Pixels.ToBytes(back));
        Assert.Equal(new[] { "a.png" }, Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void UnwritableTargetIsReportedWithoutLeftovers()
    {
        using Mat m = TestImages.PatternMat(2, 2);
        string folder = _dir.File("taken");
        Directory.CreateDirectory(folder);
        var e = Assert.Throws<ImageException>(() => ImageCodec.Write(m, folder));
        Assert.Equal(folder, e.FilePath);
        Assert.Contains("unsupported image format", e.Message);
        string blocked = Path.Combine(_dir.File("file-not-folder"), "a.png");
        File.WriteAllBytes(_dir.File("file-not-folder"), [0]);
        var io = Assert.Throws<ImageException>(() => ImageCodec.Write(m, blocked));
        Assert.Equal(blocked, io.FilePath);
        Assert.Contains("cannot write", io.Message);
        Assert.Equal(new[] { "file-not-folder", "taken" }, _dir.Entries());
    }

    [Fact]
    public void JpegQualityIsUsedByWrite()
    {
        using Mat m = TestImages.PatternMat(64, 64);
        string low = _dir.File("low.jpg"), high = _dir.File("high.JPEG");
        ImageCodec.Write(m, low, jpegQuality: 10);
        ImageCodec.Write(m, high, jpegQuality: 100);
        Assert.True(new FileInfo(low).Length < new FileInfo(high).Length);
    }

    [Fact]
    public void NonAsciiPathsWork()
    {
        using Mat m = TestImages.PatternMat(3, 4);
        string path = _dir.File("ünï cödé 画像.png");
        ImageCodec.Write(m, path);
        using Mat back = ImageCodec.Read(path);
        Assert.Equal(Pixels.ToBytes(m), Pixels.ToBytes(back));
    }
}
