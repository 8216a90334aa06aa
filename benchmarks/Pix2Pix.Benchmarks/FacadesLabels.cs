using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Benchmarks;

/// <summary>The label maps of the facades training set: the right halves of its 512×256 photo|label JPEGs.</summary>
internal static class FacadesLabels
{
    /// <summary>Where the facades training pairs are expected: shared/data/facades/train next to the repository.</summary>
    public static string DefaultFolder() => Path.GetFullPath(Path.Combine(RepoPaths.Root(), "..", "shared", "data", "facades", "train"));

    /// <summary>The pair files, in numeric order (1.jpg, 2.jpg, …).</summary>
    public static IReadOnlyList<string> Pairs(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"facades training pairs not found in '{folder}' (pass --data)");
        return Directory.EnumerateFiles(folder, "*.jpg")
            .OrderBy(p => int.TryParse(Path.GetFileNameWithoutExtension(p), out var n) ? n : int.MaxValue)
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The label map (right half) of one pair file, 8-bit BGR.</summary>
    public static Mat Label(string pairPath)
    {
        using var pair = ImageCodec.Read(pairPath);
        using var bgr = ImageConvert.To8Bit(pair);
        int side = bgr.Width / 2;
        return ImageGeometry.Crop(bgr, side, 0, bgr.Width - side, bgr.Height);
    }

    /// <summary>Writes every label map as a PNG named after its pair into <paramref name="folder"/>; returns how many.</summary>
    public static int WritePngs(IReadOnlyList<string> pairs, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var pair in pairs)
        {
            using var label = Label(pair);
            ImageCodec.Write(label, Path.Combine(folder, Path.GetFileNameWithoutExtension(pair) + ".png"));
        }
        return pairs.Count;
    }
}
