using System.Runtime.InteropServices;

namespace Pix2Pix.Inference;

/// <summary>
/// Says ahead of ONNX Runtime whether its CUDA provider can load and, when not, which library is missing: ONNX Runtime
/// itself only reports "Failed to load shared library" and logs the loader's message on its own error stream.
/// </summary>
internal static class CudaProvider
{
    public const string ProviderName = "CUDAExecutionProvider";
    public const string ProviderLibrary = "libonnxruntime_providers_cuda.so";

    /// <summary>
    /// What ONNX Runtime 1.32's CUDA provider loads on Linux: the NEEDED entries of libonnxruntime_providers_cuda.so
    /// and cuDNN, which it opens when a session starts; each with what provides it.
    /// </summary>
    public static readonly IReadOnlyList<(string File, string From)> LinuxLibraries =
    [
        ("libcudart.so.13", "CUDA 13"), ("libcublas.so.13", "CUDA 13"), ("libcublasLt.so.13", "CUDA 13"), ("libcurand.so.10", "CUDA 13"),
        ("libcudnn.so.9", "cuDNN 9"), ("libcuda.so.1", "the NVIDIA driver"),
    ];

    /// <summary>Why the CUDA provider cannot load on this machine, or null when nothing is known to be missing.</summary>
    public static string? WhyUnavailable() =>
        WhyUnavailable(OnnxRuntimeInfo.AvailableProviders, OnnxRuntimeInfo.Package, ProviderDirectory(), CanLoad);

    /// <param name="availableProviders">The providers compiled into the loaded ONNX Runtime.</param>
    /// <param name="package">The native package of this build (gpu or cpu).</param>
    /// <param name="providerDirectory">The folder holding <see cref="ProviderLibrary"/>, or null when it was not found (then nothing is checked).</param>
    /// <param name="canLoad">Loads a library by file name from <paramref name="providerDirectory"/> or the loader's search path.</param>
    internal static string? WhyUnavailable(IReadOnlyList<string> availableProviders, string package, string? providerDirectory, Func<string, string?, bool> canLoad)
    {
        if (!availableProviders.Contains(ProviderName))
            return $"this build has the CPU-only ONNX Runtime package (OnnxRuntimePackage={package}); CUDA needs a build with -p:OnnxRuntimePackage=gpu, the default";
        if (!OperatingSystem.IsLinux() || providerDirectory is null) return null;
        var missing = LinuxLibraries.Where(l => !canLoad(l.File, providerDirectory)).ToList();
        if (missing.Count == 0) return null;
        var named = string.Join(", ", missing.GroupBy(m => m.From).Select(g => $"{string.Join(", ", g.Select(m => m.File))} ({g.Key})"));
        return $"{ProviderLibrary} cannot load: {named} not found";
    }

    /// <summary>The folder of the CUDA provider library: the application folder or its runtimes/&lt;rid&gt;/native folder.</summary>
    private static string? ProviderDirectory()
    {
        string app = AppContext.BaseDirectory;
        foreach (var dir in new[] { app, Path.Combine(app, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"), Path.Combine(app, "runtimes", "linux-x64", "native") })
            if (File.Exists(Path.Combine(dir, ProviderLibrary))) return dir;
        return null;
    }

    private static bool CanLoad(string file, string? directory)
    {
        if (directory is not null && File.Exists(Path.Combine(directory, file)) && NativeLibrary.TryLoad(Path.Combine(directory, file), out _)) return true;
        return NativeLibrary.TryLoad(file, out _);
    }
}
