using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace Pix2Pix.Inference;

/// <summary>The ONNX Runtime this build runs models with: its version, native package and execution providers.</summary>
public static class OnnxRuntimeInfo
{
    /// <summary>ONNX Runtime's version string, e.g. "1.32.0".</summary>
    public static string Version => OrtEnv.Instance().GetVersionString();

    /// <summary>
    /// The native package this build was made with (MSBuild property <c>OnnxRuntimePackage</c>): "gpu"
    /// (Microsoft.ML.OnnxRuntime.Gpu, CPU and CUDA providers) or "cpu" (Microsoft.ML.OnnxRuntime).
    /// </summary>
    public static string Package { get; } = typeof(OnnxRuntimeInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "OnnxRuntimePackage")?.Value ?? "gpu";

    /// <summary>
    /// Execution providers compiled into the loaded library, e.g. CUDAExecutionProvider, CPUExecutionProvider. A provider
    /// listed here may still be unable to load (CUDA needs its libraries and a GPU).
    /// </summary>
    public static IReadOnlyList<string> AvailableProviders => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>
    /// Why ONNX Runtime's CUDA provider cannot be used on this machine (the CPU-only package, or the CUDA 13 / cuDNN 9 /
    /// driver libraries that are missing), or null when nothing is known to be missing.
    /// </summary>
    public static string? CudaUnavailableReason => CudaProvider.WhyUnavailable();
}
