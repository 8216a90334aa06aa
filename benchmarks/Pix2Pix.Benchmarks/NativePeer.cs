using System.Diagnostics;

namespace Pix2Pix.Benchmarks;

/// <summary>Builds benchmarks/native (C++ peers on the same libtorch) with CMake on first use.</summary>
internal static class NativePeer
{
    public static string Build(string repo)
    {
        var source = Path.Combine(repo, "benchmarks", "native");
        var build = Path.Combine(repo, "artifacts", "native-build", "bench");
        Exec("cmake", $"-S \"{source}\" -B \"{build}\" -DCMAKE_BUILD_TYPE=Release -Wno-dev");
        Exec("cmake", $"--build \"{build}\" -j 2");
        return Path.Combine(build, "train_step_peer");
    }

    private static void Exec(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false })
                      ?? throw new InvalidOperationException($"could not start {file}");
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed with exit code {p.ExitCode}");
    }
}

/// <summary>Finds the repository root (the folder holding Pix2Pix.sln).</summary>
internal static class RepoPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pix2Pix.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("run the benchmarks from inside the repository (Pix2Pix.sln not found above the program)");
    }
}
