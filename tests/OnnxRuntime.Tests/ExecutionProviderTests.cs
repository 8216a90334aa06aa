namespace Pix2Pix.OnnxRuntime.Tests;

/// <summary>The bootstrap library is a CPU build; with a GPU build (PIX2PIX_ONNXRUNTIME) these checks do not apply.</summary>
public sealed class ExecutionProviderTests
{
    private static bool IsCpuBuild =>
        !File.Exists(Path.Combine(Path.GetDirectoryName(OrtLibrary.Path) ?? "", "libonnxruntime_providers_cuda.so"));

    [Fact]
    public void Strict_cuda_on_the_cpu_build_throws_a_clear_error()
    {
        if (!IsCpuBuild) return;
        using var options = new SessionOptions();
        var e = Assert.Throws<OnnxRuntimeException>(() => options.AppendCuda(0));
        Assert.Contains("CPU-only build", e.Message);
        Assert.Contains("PIX2PIX_ONNXRUNTIME", e.Message);
        Assert.Contains("Failed to load", e.NativeMessage);
        Assert.IsType<OnnxRuntimeException>(e.InnerException);
        Assert.Equal(ExecutionProviderChoice.Cpu, options.ExecutionProvider);

        Assert.Throws<OnnxRuntimeException>(() => options.SelectExecutionProvider(ExecutionProviderChoice.Cuda));
    }

    [Fact]
    public void Cuda_or_cpu_falls_back_and_reports_why()
    {
        if (!IsCpuBuild) return;
        using var options = Fixtures.LightOptions();
        options.SelectExecutionProvider(ExecutionProviderChoice.CudaOrCpu);
        Assert.Equal(ExecutionProviderChoice.Cpu, options.ExecutionProvider);
        Assert.NotNull(options.FallbackReason);
        Assert.Contains("CUDA", options.FallbackReason);
        Assert.Contains("CPU-only build", options.FallbackReason);

        using var session = new InferenceSession(Fixtures.Conv, options);
        var x = Fixtures.Random(3 * 4 * 4, seed: 5);
        using var input = OrtValue.CreateTensor(x, [1, 3, 4, 4]);
        using var r = session.Run(["input"], [input]);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 4, 4), r[0].GetTensorData<float>());
    }

    [Fact]
    public void Cpu_choice_never_touches_cuda()
    {
        using var options = new SessionOptions();
        options.SelectExecutionProvider(ExecutionProviderChoice.Cpu);
        Assert.Equal(ExecutionProviderChoice.Cpu, options.ExecutionProvider);
        Assert.Null(options.FallbackReason);
    }

    [Fact]
    public void Provider_list_is_not_proof_of_cuda()
    {
        if (!IsCpuBuild || !OrtLibrary.AvailableProviders.Contains("CUDAExecutionProvider")) return;
        using var options = new SessionOptions();
        Assert.Throws<OnnxRuntimeException>(() => options.AppendCuda());
    }
}
