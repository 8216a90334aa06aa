using System.Runtime.InteropServices;

namespace Pix2Pix.Inference;

/// <summary>Refuses output folders that could write over inputs, comparing real paths (symbolic links resolved).</summary>
internal static partial class FolderSafety
{
    /// <exception cref="InvalidOperationException">The folders are the same, or one lies inside the other.</exception>
    public static void CheckSeparate(string inputDirectory, string outputDirectory)
    {
        string input = RealPath(inputDirectory), output = RealPath(outputDirectory);
        if (input == output)
            throw new InvalidOperationException($"the output folder '{outputDirectory}' is the input folder; choose a separate folder so that no input is overwritten");
        if (IsInside(output, input))
            throw new InvalidOperationException($"the output folder '{outputDirectory}' is inside the input folder '{inputDirectory}'; its outputs would become inputs — choose a folder outside it");
        if (IsInside(input, output))
            throw new InvalidOperationException($"the input folder '{inputDirectory}' is inside the output folder '{outputDirectory}'; outputs could overwrite inputs — choose a folder outside it");
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder.EndsWith('/') ? folder : folder + "/", StringComparison.Ordinal);

    /// <summary>The absolute path with every symbolic link of its existing part resolved; a missing tail is appended as is.</summary>
    internal static string RealPath(string path)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var missing = new Stack<string>();
        string? existing = full;
        while (existing is not null && !Path.Exists(existing))
        {
            missing.Push(Path.GetFileName(existing));
            existing = Path.GetDirectoryName(existing);
        }
        string resolved = existing is null ? "/" : Resolve(existing) ?? existing;
        while (missing.Count > 0) resolved = Path.Combine(resolved, missing.Pop());
        return resolved;
    }

    private static string? Resolve(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return Path.GetFullPath(path);
        nint result = realpath(path, 0);
        if (result == 0) return null;
        try { return Marshal.PtrToStringUTF8(result); }
        finally { free(result); }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);
}
