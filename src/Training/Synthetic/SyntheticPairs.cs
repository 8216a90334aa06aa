using Pix2Pix.Imaging;
using Pix2Pix.Weights;

namespace Pix2Pix.Training.Synthetic;

/// <summary>
/// The embedded default dataset: seeded procedural (label map → photo) pairs of little house-and-garden scenes.
/// A is a flat-colour semantic map (colours in <see cref="SyntheticPalette"/>); B is its rendering, a deterministic
/// function of A, so a generator can learn the mapping exactly.
/// </summary>
public static class SyntheticPairs
{
    private const string ManifestName = "synthetic.json";
    private const int FormatVersion = 1;

    /// <summary>Renders pair <paramref name="index"/>; a pure function of the index, the seed and the size.</summary>
    /// <returns>A (labels) and B (photo), each RGB, HWC, uint8, <c>Size × Size × 3</c> bytes.</returns>
    public static (byte[] A, byte[] B) Render(int index, SyntheticOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        o.Validate();
        var labels = SceneGenerator.Generate(index, o);
        return (labels.ToImage(), PhotoShader.Render(labels));
    }

    /// <summary>Renders the photo of any label image drawn in the palette colours; <see cref="Render"/> returns exactly <c>RenderPhoto(A, size)</c> as B.</summary>
    /// <param name="a">RGB, HWC, uint8, <c>size × size × 3</c> bytes, every pixel a palette colour.</param>
    /// <param name="size">Side of the square image.</param>
    /// <exception cref="ArgumentException">The buffer has the wrong length or a pixel is not a palette colour.</exception>
    public static byte[] RenderPhoto(ReadOnlySpan<byte> a, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return PhotoShader.Render(LabelMap.FromImage(a, size));
    }

    /// <summary>Writes <see cref="SyntheticOptions.Count"/> pairs split 80 / 10 / 10 into train, val and test; see <see cref="WriteAligned(string, SyntheticOptions, int, int, int)"/>.</summary>
    public static string WriteAligned(string root, SyntheticOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        int val = o.Count / 10, test = o.Count / 10;
        return WriteAligned(root, o, o.Count - val - test, val, test);
    }

    /// <summary>
    /// Writes the pairs in the official aligned layout (direction AtoB): <c>root/train</c>, <c>root/val</c> and <c>root/test</c>
    /// hold PNGs named <c>0000.png</c>, <c>0001.png</c>…, each <c>2·Size × Size</c> with A on the left and B on the right.
    /// Train takes indices 0…, val and test the indices after it, so the splits never share a scene.
    /// Every file is written atomically, and a manifest (<c>root/synthetic.json</c>) goes last: a call that finds a matching
    /// manifest only fills in missing files; otherwise it rewrites every pair and removes PNGs left over from an earlier manifest.
    /// A split of 0 pairs gets no folder (an empty <c>val</c> would stop training, which validates on any <c>val</c> folder);
    /// one left from an earlier call is removed once it holds nothing else.
    /// <see cref="SyntheticOptions.Count"/> is not used by this overload.
    /// </summary>
    /// <returns><paramref name="root"/>.</returns>
    public static string WriteAligned(string root, SyntheticOptions o, int trainCount, int valCount, int testCount)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(valCount);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        o.Validate();

        (string Name, int First, int Count)[] splits =
            [("train", 0, trainCount), ("val", trainCount, valCount), ("test", trainCount + valCount, testCount)];
        string manifestPath = Path.Combine(root, ManifestName);
        string manifest = Manifest(o, trainCount, valCount, testCount);
        string? previous = File.Exists(manifestPath) ? File.ReadAllText(manifestPath) : null;
        bool current = previous == manifest;

        foreach (var (name, first, count) in splits)
        {
            string folder = Path.Combine(root, name);
            if (count == 0)
            {
                if (!Directory.Exists(folder)) continue;
                if (previous is not null && !current)
                    RemoveLeftovers(folder, []);
                if (!Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
                continue;
            }
            Directory.CreateDirectory(folder);
            var expected = new HashSet<string>(StringComparer.Ordinal);
            for (int k = 0; k < count; k++)
            {
                string path = Path.Combine(folder, FileName(k));
                expected.Add(Path.GetFileName(path));
                if (current && File.Exists(path)) continue;
                WritePair(path, first + k, o);
            }
            if (previous is not null && !current)
                RemoveLeftovers(folder, expected);
        }
        if (!current)
            AtomicFile.WriteAllText(manifestPath, manifest);
        return root;
    }

    /// <summary>
    /// Writes the label maps (the A images) of pairs <paramref name="first"/>… alone, as <c>0000.png</c>, <c>0001.png</c>…
    /// in <paramref name="folder"/> (what <c>pix2pix convert</c> takes), atomically; existing files of those names are kept.
    /// </summary>
    /// <returns><paramref name="folder"/>.</returns>
    public static string WriteLabels(string folder, SyntheticOptions o, int first, int count)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(o);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        o.Validate();
        Directory.CreateDirectory(folder);
        for (int k = 0; k < count; k++)
        {
            string path = Path.Combine(folder, FileName(k));
            if (File.Exists(path)) continue;
            using var label = Pixels.FromRgb(Render(first + k, o).A, o.Size, o.Size);
            ImageCodec.Write(label, path);
        }
        return folder;
    }

    private static void WritePair(string path, int index, SyntheticOptions o)
    {
        var (a, b) = Render(index, o);
        int n = o.Size;
        var side = new byte[n * 2 * n * 3];
        for (int y = 0; y < n; y++)
        {
            a.AsSpan(y * n * 3, n * 3).CopyTo(side.AsSpan(y * 2 * n * 3));
            b.AsSpan(y * n * 3, n * 3).CopyTo(side.AsSpan(y * 2 * n * 3 + n * 3));
        }
        using var image = Pixels.FromRgb(side, n, 2 * n);
        ImageCodec.Write(image, path);
    }

    private static void RemoveLeftovers(string folder, HashSet<string> expected)
    {
        foreach (string file in Directory.EnumerateFiles(folder, "*.png"))
        {
            string name = Path.GetFileName(file);
            if (!expected.Contains(name) && IsPairName(name))
                File.Delete(file);
        }
    }

    private static string FileName(int k) => $"{k:D4}.png";

    private static bool IsPairName(string name) =>
        name.Length >= 8 && name.EndsWith(".png", StringComparison.Ordinal) && name[..^4].All(char.IsAsciiDigit);

    private static string Manifest(SyntheticOptions o, int train, int val, int test) =>
        $"{{\"generator\": \"pix2pix-synthetic-scenes\", \"version\": {FormatVersion}, \"size\": {o.Size}, \"seed\": {o.Seed}, " +
        $"\"train\": {train}, \"val\": {val}, \"test\": {test}, \"direction\": \"AtoB\"}}\n";
}
