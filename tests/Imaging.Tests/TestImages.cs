using OpenCvSharp;

namespace Pix2Pix.Imaging.Tests;

internal static class TestImages
{
    /// <summary>Every pixel different: channel 0 = 7x + 3y, 1 = 5x + 11y + 1, 2 = x ^ y, 3 = 200 + x + y (mod 256).</summary>
    public static byte[] Pattern(int rows, int cols, int channels = 3)
    {
        var p = new byte[rows * cols * channels];
        for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++)
        for (int c = 0; c < channels; c++)
            p[(y * cols + x) * channels + c] = (byte)(c switch { 0 => 7 * x + 3 * y, 1 => 5 * x + 11 * y + 1, 2 => x ^ y, _ => 200 + x + y });
        return p;
    }

    /// <summary><see cref="Pattern"/> as an 8-bit Mat, bytes in the order given (channel 0 is blue for a BGR image).</summary>
    public static Mat PatternMat(int rows, int cols, int channels = 3) => Pixels.FromBytes(Pattern(rows, cols, channels), rows, cols, channels);

    /// <summary>A BGR image of one colour, given as R, G, B.</summary>
    public static Mat Solid(int rows, int cols, byte r, byte g, byte b) => new(rows, cols, MatType.CV_8UC3, new Scalar(b, g, r));

    /// <summary>The bytes of pixel (<paramref name="x"/>, <paramref name="y"/>) in the Mat's own channel order.</summary>
    public static byte[] Pixel(Mat m, int x, int y)
    {
        byte[] all = Pixels.ToBytes(m);
        int size = (int)m.ElemSize();
        return all.AsSpan((y * m.Cols + x) * size, size).ToArray();
    }

    /// <summary>Random bytes, which JPEG compresses poorly: enough scans and data to cut in the middle.</summary>
    public static Mat Noise(int rows, int cols, int seed)
    {
        var noise = new byte[rows * cols * 3];
        new Random(seed).NextBytes(noise);
        return Pixels.FromBytes(noise, rows, cols, 3);
    }
}

internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "p2p-imaging-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
