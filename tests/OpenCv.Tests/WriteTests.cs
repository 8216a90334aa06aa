using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

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
        m.Write(path);
        Assert.Equal(new[] { name }, _dir.Entries());
        using Mat back = Mat.Read(path);
        Assert.Equal(m.ToBytes(), back.ToBytes());
    }

    [Fact]
    public void WriteReplacesAnExistingFile()
    {
        string path = _dir.File("x.png");
        using (Mat first = TestImages.Solid(4, 4, Rgb.Red)) first.Write(path);
        using (Mat second = TestImages.Solid(6, 5, Rgb.Blue)) second.Write(path);
        using Mat back = Mat.Read(path);
        Assert.Equal((6, 5), (back.Rows, back.Cols));
        Assert.Equal(new byte[] { 0, 0, 255 }, TestImages.Pixel(back, 0, 0));
        Assert.Single(_dir.Entries());
    }

    [Fact]
    public void FailedEncodeDoesNotClobberTheExistingFile()
    {
        string path = _dir.File("keep.png");
        File.WriteAllBytes(path, [1, 2, 3]);
        using Mat unencodable = Mat.Zeros(4, 4, Depth.U8, 2);
        var e = Assert.Throws<OpenCvException>(() => unencodable.Write(path));
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
        var e = Assert.Throws<OpenCvException>(() => m.Write(path));
        Assert.Contains(".gif", e.Message);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void MissingFolderIsReportedWithoutLeftovers()
    {
        using Mat m = TestImages.PatternMat(2, 2);
        string path = _dir.File("missing/a.png");
        var e = Assert.Throws<OpenCvException>(() => m.Write(path));
        Assert.Equal(path, e.FilePath);
        Assert.Empty(_dir.Entries());
    }

    [Fact]
    public void JpegQualityIsUsedByWrite()
    {
        using Mat m = TestImages.PatternMat(64, 64);
        string low = _dir.File("low.jpg"), high = _dir.File("high.JPEG");
        m.Write(low, jpegQuality: 10);
        m.Write(high, jpegQuality: 100);
        Assert.True(new FileInfo(low).Length < new FileInfo(high).Length);
    }

    [Fact]
    public void NonAsciiPathsWork()
    {
        using Mat m = TestImages.PatternMat(3, 4);
        string path = _dir.File("ünï cödé 画像.png");
        m.Write(path);
        using Mat back = Mat.Read(path);
        Assert.Equal(m.ToBytes(), back.ToBytes());
    }
}
