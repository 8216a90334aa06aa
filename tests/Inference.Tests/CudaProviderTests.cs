namespace Pix2Pix.Inference.Tests;

/// <summary>What the CUDA check says, against made-up machines (the real one has no CUDA: see ModelErrorTests).</summary>
public sealed class CudaProviderTests
{
    private static readonly string[] GpuBuild = ["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"];

    [Fact]
    public void Nothing_missing_means_no_reason()
    {
        Assert.Null(CudaProvider.WhyUnavailable(GpuBuild, "gpu", "/app", (_, _) => true));
    }

    [Fact]
    public void The_cpu_package_is_named()
    {
        string? reason = CudaProvider.WhyUnavailable(["CPUExecutionProvider"], "cpu", null, (_, _) => true);
        Assert.Equal("this build has the CPU-only ONNX Runtime package (OnnxRuntimePackage=cpu); CUDA needs a build with -p:OnnxRuntimePackage=gpu, the default", reason);
    }

    [Fact]
    public void Each_missing_library_is_named_with_what_provides_it()
    {
        var asked = new List<(string, string?)>();
        string? reason = CudaProvider.WhyUnavailable(GpuBuild, "gpu", "/app", (file, dir) =>
        {
            asked.Add((file, dir));
            return file is not ("libcudnn.so.9" or "libcudart.so.13");
        });
        if (!OperatingSystem.IsLinux()) return;
        Assert.Equal("libonnxruntime_providers_cuda.so cannot load: libcudart.so.13 (CUDA 13), libcudnn.so.9 (cuDNN 9) not found", reason);
        Assert.Equal(CudaProvider.LinuxLibraries.Select(l => (l.File, (string?)"/app")), asked);
    }

    [Fact]
    public void Without_the_provider_library_in_sight_onnx_runtime_decides()
    {
        Assert.Null(CudaProvider.WhyUnavailable(GpuBuild, "gpu", null, (_, _) => false));
    }

    [Fact]
    public void This_build_reports_its_package_and_providers()
    {
        Assert.Equal("1.32.0", OnnxRuntimeInfo.Version);
        Assert.Contains(OnnxRuntimeInfo.Package, new[] { "gpu", "cpu" });
        Assert.Contains("CPUExecutionProvider", OnnxRuntimeInfo.AvailableProviders);
        Assert.Equal(OnnxRuntimeInfo.Package == "gpu", OnnxRuntimeInfo.AvailableProviders.Contains("CUDAExecutionProvider"));
    }
}
