using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

public sealed class ReadErrorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MissingFileNamesThePath()
    {
        string path = _dir.File("nope.png");
        var e = Assert.Throws<OpenCvException>(() => Mat.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains("not found", e.Message);
        Assert.IsType<FileNotFoundException>(e.InnerException);
    }

    [Fact]
    public void MissingFolderNamesThePath()
    {
        string path = _dir.File("no/such/folder/a.png");
        var e = Assert.Throws<OpenCvException>(() => Mat.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("not found", e.Reason);
    }

    [Fact]
    public void DirectoryIsNotAnImage()
    {
        var e = Assert.Throws<OpenCvException>(() => Mat.Read(_dir.Path));
        Assert.Equal(_dir.Path, e.FilePath);
        Assert.Contains("cannot read", e.Reason);
    }

    [Fact]
    public void ZeroByteFileIsReported()
    {
        string path = _dir.File("empty.png");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<OpenCvException>(() => Mat.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void CorruptFileIsReported()
    {
        string path = _dir.File("noise.png");
        var noise = new byte[4096];
        new Random(1).NextBytes(noise);
        File.WriteAllBytes(path, noise);
        var e = Assert.Throws<OpenCvException>(() => Mat.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void TruncatedPngIsReported()
    {
        using Mat m = TestImages.PatternMat(64, 64);
        byte[] png = m.Encode(".png");
        string path = _dir.File("cut.png");
        File.WriteAllBytes(path, png[..(png.Length / 2)]);
        var e = Assert.Throws<OpenCvException>(() => Mat.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void TruncatedJpegIsReported()
    {
        var noise = new byte[64 * 64 * 3];
        new Random(3).NextBytes(noise);
        using Mat m = Mat.FromPixels(noise, 64, 64, 3);
        byte[] jpeg = m.Encode(".jpg");
        string path = _dir.File("cut.jpg");
        File.WriteAllBytes(path, jpeg[..(jpeg.Length / 2)]);
        var e = Assert.Throws<OpenCvException>(() => Mat.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated JPEG", e.Message);
        Assert.Throws<OpenCvException>(() => Mat.Decode(jpeg.AsSpan(0, jpeg.Length - 1)));

        using Mat whole = Mat.Decode([.. jpeg, 0, 0, 0]);
        Assert.Equal((64, 64), (whole.Rows, whole.Cols));
    }

    [Fact]
    public void PngHeaderWithoutDataIsReported()
    {
        using Mat m = TestImages.PatternMat(8, 8);
        byte[] png = m.Encode(".png");
        Assert.Throws<OpenCvException>(() => Mat.Decode(png.AsSpan(0, 8)));
        Assert.Throws<OpenCvException>(() => Mat.Decode(png.AsSpan(0, 40)));
    }

    [Fact]
    public void EmptyAndGarbageBuffersAreReported()
    {
        var empty = Assert.Throws<OpenCvException>(() => Mat.Decode([]));
        Assert.Null(empty.FilePath);
        Assert.Contains("empty", empty.Message);
        Assert.Throws<OpenCvException>(() => Mat.Decode("not an image at all"u8));
        Assert.Throws<OpenCvException>(() => Mat.FromStream(new MemoryStream()));
    }

    [Fact]
    public void GoodFileStillReadsAfterFailures()
    {
        Assert.Throws<OpenCvException>(() => Mat.Decode([1, 2, 3]));
        using Mat m = TestImages.PatternMat(9, 7);
        string path = _dir.File("ok.bmp");
        File.WriteAllBytes(path, m.Encode(".bmp"));
        using Mat back = Mat.Read(path);
        Assert.Equal(m.ToBytes(), back.ToBytes());
    }

    [Fact]
    public void NativeErrorsCarryOpenCvsMessage()
    {
        using Mat twoChannels = Mat.Zeros(4, 4, Depth.U8, 2);
        var e = Assert.Throws<OpenCvException>(() => twoChannels.Encode(".png"));
        Assert.Contains("channels == 1 || channels == 3 || channels == 4", e.Reason);
        Assert.Null(e.FilePath);
    }
}
