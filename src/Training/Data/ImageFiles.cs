namespace Pix2Pix.Training.Data;

/// <summary>Finds the image files of a dataset folder the way the official <c>make_dataset</c> does: recursively, in sorted order.</summary>
internal static class ImageFiles
{
    /// <summary>Recognised extensions, compared case-insensitively.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".ppm", ".pgm"];

    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    public static bool IsImage(string path)
    {
        string extension = Path.GetExtension(path);
        foreach (string known in Extensions)
            if (extension.Equals(known, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    /// <summary>All images under <paramref name="folder"/> (hidden files skipped), sorted by ordinal path like Python's <c>sorted</c>.</summary>
    public static List<string> Find(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", Recursive).Where(IsImage).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>True when <paramref name="folder"/> holds at least one image directly (not in a subfolder).</summary>
    public static bool HasTopLevelImages(string folder) =>
        Directory.EnumerateFiles(folder).Any(f => IsImage(f) && !Path.GetFileName(f).StartsWith('.'));

    /// <summary>The path relative to <paramref name="folder"/> without extension: what pairs A and B files.</summary>
    public static string Stem(string folder, string file)
    {
        string relative = Path.GetRelativePath(folder, file);
        return Path.Combine(Path.GetDirectoryName(relative) ?? "", Path.GetFileNameWithoutExtension(relative));
    }

    public static string ExtensionList => string.Join(" ", Extensions.Select(e => e.TrimStart('.')));
}
