using OpenCvSharp;

namespace Pix2Pix.Imaging.Tests;

/// <summary>Files and buffers that cannot be decoded: each is an <see cref="ImageException"/> naming the file, never a native crash.</summary>
public sealed class ReadErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MissingFileNamesThePath()
    {
        string path = _dir.File("nope.png");
        var e = Assert.Throws<ImageException>(() => ImageCodec.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
        Assert.IsType<FileNotFoundException>(e.InnerException);
    }

    [Fact]
    public void MissingFolderNamesThePath()
    {
        string path = _dir.File("no/such/folder/a.png");
        var e = Assert.Throws<ImageException>(() => ImageCodec.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("not found", e.Reason);
    }

    [Fact]
    public void DirectoryIsNotAnImage()
    {
        var e = Assert.Throws<ImageException>(() => ImageCodec.Read(_dir.Path));
        Assert.Equal(_dir.Path, e.FilePath);
        Assert.Contains("cannot read", e.Reason);
    }

    [Fact]
    public void ZeroByteFileIsReported()
    {
        string path = _dir.File("empty.png");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<ImageException>(() => ImageCodec.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("empty (0 bytes)", e.Message);
    }

    [Fact]
    public void CorruptFileIsReported()
    {
        string path = _dir.File("noise.png");
        var noise = new byte[4096];
        new Random(1).NextBytes(noise);
        File.WriteAllBytes(path, noise);
        var e = Assert.Throws<ImageException>(() => ImageCodec.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void TruncatedPngIsReported()
    {
        using Mat m = TestImages.PatternMat(64, 64);
        byte[] png = ImageCodec.Encode(m, ".png");
        string path = _dir.File("cut.png");
        File.WriteAllBytes(path, png[..(png.Length / 2)]);
        var e = Assert.Throws<ImageException>(() => ImageCodec.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedJpegIsReportedAsSuch()
    {
        using Mat m = TestImages.Noise(64, 64, seed: 3);
        byte[] jpeg = ImageCodec.Encode(m, ".jpg");
        byte[] cut = jpeg[..(jpeg.Length / 2)];

        string path = _dir.File("cut.jpg");
        File.WriteAllBytes(path, cut);
        var e = Assert.Throws<ImageException>(() => ImageCodec.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated JPEG", e.Message);
        Assert.Throws<ImageException>(() => ImageCodec.Decode(jpeg.AsSpan(0, jpeg.Length - 1)));

        using Mat whole = ImageCodec.Decode([.. jpeg, 0, 0, 0]);
        Assert.Equal((64, 64, 3), (whole.Rows, whole.Cols, whole.Channels()));
    }

    [Fact]
    public void PngHeaderWithoutDataIsReported()
    {
        using Mat m = TestImages.PatternMat(8, 8);
        byte[] png = ImageCodec.Encode(m, ".png");
        Assert.Throws<ImageException>(() => ImageCodec.Decode(png.AsSpan(0, 8)));
        Assert.Throws<ImageException>(() => ImageCodec.Decode(png.AsSpan(0, 40)));
    }

    [Fact]
    public void EmptyAndGarbageBuffersAreReported()
    {
        var empty = Assert.Throws<ImageException>(() => ImageCodec.Decode([]));
        Assert.Null(empty.FilePath);
        Assert.Contains("empty", empty.Message);
        var garbage = Assert.Throws<ImageException>(() => ImageCodec.Decode("not an image at all"u8, "memory.png"));
        Assert.Equal("memory.png", garbage.FilePath);
    }

    [Fact]
    public void ImageBeyondOpenCvsPixelLimitIsReportedWithoutAllocating()
    {
        // A valid PNG whose header claims 100000 × 100000 pixels (10^10, OpenCV refuses more than 2^30).
        byte[] png = PngBuilder.Build(100_000, 100_000, PngBuilder.Gray, 8, new byte[100_000 * 2], rows: 2);
        string path = _dir.File("huge.png");
        File.WriteAllBytes(path, png);
        var e = Assert.Throws<ImageException>(() => ImageCodec.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("larger than OpenCV's limit of 2^30 pixels", e.Message);
    }

    [Fact]
    public void GoodFileStillReadsAfterFailures()
    {
        Assert.Throws<ImageException>(() => ImageCodec.Decode([1, 2, 3]));
        using Mat m = TestImages.PatternMat(9, 7);
        string path = _dir.File("ok.bmp");
        File.WriteAllBytes(path, ImageCodec.Encode(m, ".bmp"));
        using Mat back = ImageCodec.Read(path);
        Assert.Equal(Pixels.ToBytes(m), Pixels.ToBytes(back));
    }
}
