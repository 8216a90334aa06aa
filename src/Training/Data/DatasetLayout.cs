namespace Pix2Pix.Training.Data;

/// <summary>The folder layout found under a dataroot and the pairs it holds, in sorted order.</summary>
internal sealed record DatasetLayout(string Description, IReadOnlyList<PairSource> Pairs)
{
    private const int ExamplesShown = 5;

    /// <summary>
    /// Detects, in this order: <c>phase/A + phase/B</c>, <c>A/phase + B/phase</c> (official combine_A_and_B input),
    /// <c>phase/*</c> aligned A|B images, and <c>A + B</c>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No layout matches; the message lists what was looked for.</exception>
    /// <exception cref="InvalidDataException">The folders are there but hold no images, or files do not pair up.</exception>
    public static DatasetLayout Detect(string root, string phase)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"dataroot '{root}' does not exist; {Expected(root, phase)}");

        string phaseDir = Path.Combine(root, phase);
        if (FindPairedFolders(Path.Combine(phaseDir, "A"), Path.Combine(phaseDir, "B")) is { } inPhase)
            return Paired($"paired folders {phase}/A + {phase}/B", inPhase.A, inPhase.B);
        if (FindPairedFolders(Path.Combine(root, "A", phase), Path.Combine(root, "B", phase)) is { } perPhase)
            return Paired($"paired folders A/{phase} + B/{phase}", perPhase.A, perPhase.B);
        if (Directory.Exists(phaseDir))
            return Aligned(phase, phaseDir);
        if (FindPairedFolders(Path.Combine(root, "A"), Path.Combine(root, "B")) is { } flat && ImageFiles.HasTopLevelImages(flat.A))
            return Paired("paired folders A + B", flat.A, flat.B);

        throw new DirectoryNotFoundException($"no '{phase}' data under '{root}'; {Expected(root, phase)}");
    }

    private static string Expected(string root, string phase) =>
        "looked for these layouts:\n" +
        $"  {Path.Combine(root, phase)}/*  aligned images, A left and B right (official aligned dataset)\n" +
        $"  {Path.Combine(root, phase, "A")} + {Path.Combine(root, phase, "B")}  paired folders, files matched by name\n" +
        $"  {Path.Combine(root, "A", phase)} + {Path.Combine(root, "B", phase)}  paired folders (official combine_A_and_B input)\n" +
        $"  {Path.Combine(root, "A")} + {Path.Combine(root, "B")}  paired folders without phases\n" +
        $"image extensions: {ImageFiles.ExtensionList}";

    private static (string A, string B)? FindPairedFolders(string a, string b)
    {
        bool hasA = Directory.Exists(a), hasB = Directory.Exists(b);
        if (hasA != hasB)
            throw new DirectoryNotFoundException($"found '{(hasA ? a : b)}' but not its partner folder '{(hasA ? b : a)}'");
        return hasA ? (a, b) : null;
    }

    private static DatasetLayout Aligned(string phase, string folder)
    {
        List<string> files = ImageFiles.Find(folder);
        if (files.Count == 0)
            throw new InvalidDataException($"'{folder}' holds no images ({ImageFiles.ExtensionList})");
        return new DatasetLayout($"aligned {phase}/* (A|B side by side)", files.Select(f => new PairSource(f, null)).ToList());
    }

    private static DatasetLayout Paired(string description, string folderA, string folderB)
    {
        Dictionary<string, string> a = IndexByStem(folderA), b = IndexByStem(folderB);
        if (a.Count == 0 && b.Count == 0)
            throw new InvalidDataException($"'{folderA}' and '{folderB}' hold no images ({ImageFiles.ExtensionList})");

        var onlyA = a.Keys.Where(k => !b.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var onlyB = b.Keys.Where(k => !a.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (onlyA.Count > 0 || onlyB.Count > 0)
            throw new InvalidDataException(
                "paired folders must hold files of the same names (extensions may differ): " +
                string.Join("; ", new[] { Unmatched(onlyA, a, folderA, folderB), Unmatched(onlyB, b, folderB, folderA) }.Where(s => s.Length > 0)));

        var pairs = a.OrderBy(kv => kv.Value, StringComparer.Ordinal).Select(kv => new PairSource(kv.Value, b[kv.Key])).ToList();
        return new DatasetLayout(description, pairs);
    }

    private static string Unmatched(List<string> stems, Dictionary<string, string> files, string folder, string partner)
    {
        if (stems.Count == 0)
            return "";
        string examples = string.Join(", ", stems.Take(ExamplesShown).Select(s => Path.GetRelativePath(folder, files[s])));
        string more = stems.Count > ExamplesShown ? $" and {stems.Count - ExamplesShown} more" : "";
        return $"{stems.Count} of {files.Count} files in '{folder}' have no partner in '{partner}' ({examples}{more})";
    }

    private static Dictionary<string, string> IndexByStem(string folder)
    {
        var byStem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in ImageFiles.Find(folder))
        {
            string stem = ImageFiles.Stem(folder, file);
            if (!byStem.TryAdd(stem, file))
                throw new InvalidDataException($"'{byStem[stem]}' and '{file}' have the same name; a paired folder needs one file per name");
        }
        return byStem;
    }
}
