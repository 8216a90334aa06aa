namespace Pix2Pix.Benchmarks;

/// <summary>Where the repository (and the shared data and peers beside it) are.</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pix2Pix.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run the benchmarks from inside the repository (Pix2Pix.sln not found above the program)");
    }
}
