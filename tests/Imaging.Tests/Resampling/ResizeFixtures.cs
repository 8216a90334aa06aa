using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Pix2Pix.Imaging.Tests;

/// <summary>An interleaved 8-bit image.</summary>
internal sealed record FixtureImage(int Width, int Height, int Channels, byte[] Data);

/// <summary>One Pillow resize recorded by scripts/make_resize_fixtures.py.</summary>
internal sealed record ResizeCase(string Name, string Source, string Mode, int Width, int Height, int NewWidth, int NewHeight, string Expected)
{
    public override string ToString() => Name;
}

/// <summary>The committed fixtures in tests/fixtures/resize: manifest.json and its PNG images.</summary>
internal static class ResizeFixtures
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "fixtures", "resize");

    private static readonly Lazy<JsonElement> Manifest = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json"))).RootElement.Clone());

    public static IReadOnlyList<ResizeCase> Cases =>
        Manifest.Value.GetProperty("cases").EnumerateArray().Select(c => new ResizeCase(
            c.GetProperty("name").GetString()!, c.GetProperty("source").GetString()!, c.GetProperty("mode").GetString()!,
            c.GetProperty("width").GetInt32(), c.GetProperty("height").GetInt32(),
            c.GetProperty("newWidth").GetInt32(), c.GetProperty("newHeight").GetInt32(),
            c.GetProperty("expected").GetString()!)).ToList();

    public static ResizeCase Case(string name) => Cases.Single(c => c.Name == name);

    /// <summary>Decodes NAME.png and checks its size and pixel SHA-256 against the manifest.</summary>
    public static FixtureImage Load(string name)
    {
        var image = FixturePng.Decode(File.ReadAllBytes(Path.Combine(Folder, name + ".png")));
        var entry = Manifest.Value.GetProperty("files").GetProperty(name);
        if (image.Width != entry.GetProperty("width").GetInt32() || image.Height != entry.GetProperty("height").GetInt32()
            || image.Channels != entry.GetProperty("channels").GetInt32())
            throw new InvalidDataException($"{name}.png is {image.Width}×{image.Height}×{image.Channels}, not what manifest.json says");
        string sha = Convert.ToHexStringLower(SHA256.HashData(image.Data));
        if (sha != entry.GetProperty("sha256").GetString())
            throw new InvalidDataException($"{name}.png decodes to pixels with SHA-256 {sha}, not the manifest's");
        return image;
    }

    /// <summary>The checkout: the first folder with Pix2Pix.sln above the test assembly, else above this source file.</summary>
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pix2Pix.sln")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no Pix2Pix.sln above {AppContext.BaseDirectory} or {sourceFile}");
    }
}

/// <summary>
/// Just enough PNG to read the fixtures: 8-bit grey, RGB or RGBA, not interlaced, the five row filters, IDAT through
/// ZLibStream. (The SHA-256 in the manifest checks every decode.)
/// </summary>
internal static class FixturePng
{
    public static FixtureImage Decode(byte[] file)
    {
        ReadOnlySpan<byte> signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (!file.AsSpan(0, 8).SequenceEqual(signature))
            throw new InvalidDataException("not a PNG file");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (int pos = 8; pos + 8 <= file.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(file, pos + 4, 4);
            var data = file.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                channels = data[9] switch { 0 => 1, 2 => 3, 6 => 4, var t => throw new InvalidDataException($"PNG colour type {t} is not supported") };
                if (data[8] != 8 || data[12] != 0)
                    throw new InvalidDataException("only 8-bit, non-interlaced PNG is supported");
            }
            else if (type == "IDAT")
                idat.Write(data);
            else if (type == "IEND")
                break;
            pos += 12 + length;
        }

        int rowBytes = width * channels;
        var filtered = new byte[(rowBytes + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
            z.ReadExactly(filtered);

        var pixels = new byte[rowBytes * height];
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (rowBytes + 1)];
            var line = filtered.AsSpan(y * (rowBytes + 1) + 1, rowBytes);
            var row = pixels.AsSpan(y * rowBytes, rowBytes);
            var up = y > 0 ? pixels.AsSpan((y - 1) * rowBytes, rowBytes) : new byte[rowBytes];
            for (int i = 0; i < rowBytes; i++)
            {
                int a = i >= channels ? row[i - channels] : 0, b = up[i], c = i >= channels ? up[i - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG row filter {filter}"),
                };
                row[i] = (byte)(line[i] + predictor);
            }
        }
        return new FixtureImage(width, height, channels, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
