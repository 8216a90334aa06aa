using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using OpenCvSharp;

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
        var image = Decode(Path.Combine(Folder, name + ".png"));
        var entry = Manifest.Value.GetProperty("files").GetProperty(name);
        if (image.Width != entry.GetProperty("width").GetInt32() || image.Height != entry.GetProperty("height").GetInt32()
            || image.Channels != entry.GetProperty("channels").GetInt32())
            throw new InvalidDataException($"{name}.png is {image.Width}×{image.Height}×{image.Channels}, not what manifest.json says");
        string sha = Convert.ToHexStringLower(SHA256.HashData(image.Data));
        if (sha != entry.GetProperty("sha256").GetString())
            throw new InvalidDataException($"{name}.png decodes to pixels with SHA-256 {sha}, not the manifest's");
        return image;
    }

    /// <summary>Decodes a fixture PNG with OpenCV into Pillow's channel order (L, RGB or RGBA).</summary>
    private static FixtureImage Decode(string path)
    {
        using Mat decoded = ImageCodec.Read(path);
        using Mat pillowOrder = new();
        switch (decoded.Channels())
        {
            case 3: Cv2.CvtColor(decoded, pillowOrder, ColorConversionCodes.BGR2RGB); break;
            case 4: Cv2.CvtColor(decoded, pillowOrder, ColorConversionCodes.BGRA2RGBA); break;
            default: decoded.CopyTo(pillowOrder); break;
        }
        return new FixtureImage(pillowOrder.Cols, pillowOrder.Rows, pillowOrder.Channels(), Pixels.ToBytes(pillowOrder));
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
