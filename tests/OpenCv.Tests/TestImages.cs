using Pix2Pix.OpenCv;

namespace Pix2Pix.OpenCv.Tests;

internal static class TestImages
{
    /// <summary>Every pixel different: R = 7x + 3y, G = 5x + 11y + 1, B = x ^ y (mod 256).</summary>
    public static byte[] Pattern(int rows, int cols, int channels = 3)
    {
        var p = new byte[rows * cols * channels];
        for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++)
        for (int c = 0; c < channels; c++)
            p[(y * cols + x) * channels + c] = (byte)(c switch { 0 => 7 * x + 3 * y, 1 => 5 * x + 11 * y + 1, 2 => x ^ y, _ => 200 + x + y });
        return p;
    }

    public static Mat PatternMat(int rows, int cols, int channels = 3) => Mat.FromPixels(Pattern(rows, cols, channels), rows, cols, channels);

    public static Mat Solid(int rows, int cols, Rgb color)
    {
        var p = new byte[rows * cols * 3];
        for (int i = 0; i < p.Length; i += 3)
        {
            p[i] = color.R;
            p[i + 1] = color.G;
            p[i + 2] = color.B;
        }
        return Mat.FromPixels(p, rows, cols, 3);
    }

    public static byte[] Pixel(Mat m, int x, int y)
    {
        byte[] all = m.ToBytes();
        int size = m.PixelSize;
        return all.AsSpan((y * m.Cols + x) * size, size).ToArray();
    }
}

internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "p2cv-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
