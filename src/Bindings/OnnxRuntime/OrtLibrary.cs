namespace Pix2Pix.OnnxRuntime;

/// <summary>
/// Finds and loads the ONNX Runtime shared library (C API version 30, i.e. ONNX Runtime 1.30 or newer).
/// </summary>
/// <remarks>
/// Search order: <c>PIX2PIX_ONNXRUNTIME</c> (the full path of a library, e.g. a GPU release; when set,
/// nothing else is tried), the application directory, the bootstrap cache
/// (<c>$PIX2PIX_CACHE</c>, else <c>$XDG_CACHE_HOME/pix2pix</c>, else <c>~/.cache/pix2pix</c>, then
/// <c>/onnxruntime-1.30.0/libonnxruntime.so.1</c>), then the system loader. The library is loaded on
/// first use and stays loaded for the life of the process.
/// </remarks>
public static class OrtLibrary
{
    /// <summary>Environment variable naming the ONNX Runtime library to load.</summary>
    public const string PathVariable = "PIX2PIX_ONNXRUNTIME";

    /// <summary>The ONNX Runtime release that scripts/bootstrap.sh caches.</summary>
    public const string BundledVersion = "1.30.0";

    /// <summary>The path (or loader name) of the loaded library.</summary>
    /// <exception cref="DllNotFoundException">ONNX Runtime 1.30+ could not be found.</exception>
    public static string Path => NativeMethods.LibraryPath;

    /// <summary>ONNX Runtime's version string, e.g. "1.30.0".</summary>
    /// <exception cref="DllNotFoundException">ONNX Runtime 1.30+ could not be found.</exception>
    public static string Version => NativeMethods.VersionString;

    /// <summary>
    /// Execution providers compiled into the library, e.g. "CPUExecutionProvider". A provider in this list
    /// may still fail to load (the CPU package lists CUDA); see <see cref="SessionOptions.AppendCuda"/>.
    /// </summary>
    public static IReadOnlyList<string> AvailableProviders => NativeMethods.GetAvailableProviders();

    /// <summary>Loads the library now, so that a missing runtime is reported early.</summary>
    /// <exception cref="DllNotFoundException">ONNX Runtime 1.30+ could not be found.</exception>
    public static void EnsureLoaded() => NativeMethods.EnsureLoaded();

    internal readonly record struct Candidate(string Name, bool IsFile)
    {
        public string Display => IsFile ? Name : $"{Name} (system loader)";
    }

    internal static IEnumerable<Candidate> Candidates() =>
        Candidates(Environment.GetEnvironmentVariable, AppContext.BaseDirectory,
                   Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static IEnumerable<Candidate> Candidates(Func<string, string?> env, string appDirectory, string home)
    {
        var explicitPath = env(PathVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            yield return new Candidate(System.IO.Path.GetFullPath(explicitPath), true);
            yield break;
        }
        var fileName = LibraryFileName;
        yield return new Candidate(System.IO.Path.Combine(appDirectory, fileName), true);
        yield return new Candidate(System.IO.Path.Combine(CacheRoot(env, home), $"onnxruntime-{BundledVersion}", fileName), true);
        foreach (var name in SystemNames) yield return new Candidate(name, false);
    }

    internal static string CacheRoot(Func<string, string?> env, string home)
    {
        var pix2pix = env("PIX2PIX_CACHE");
        if (!string.IsNullOrEmpty(pix2pix)) return pix2pix;
        var xdg = env("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg : System.IO.Path.Combine(home, ".cache");
        return System.IO.Path.Combine(root, "pix2pix");
    }

    private static string LibraryFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib"
        : "libonnxruntime.so.1";

    private static string[] SystemNames =>
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib"]
        : ["libonnxruntime.so.1", "libonnxruntime.so"];
}
