namespace Pix2Pix.Tests.Shared;

/// <summary>The repository the tests run from (its committed fixtures and models).</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding Pix2Pix.sln, found above the test assembly.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pix2Pix.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Pix2Pix.sln not found above the test assembly");
    }
}
