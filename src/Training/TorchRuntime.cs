using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>
/// Process-level libtorch settings that pix2pix training depends on, applied once before they matter:
/// OpenMP threads that sleep instead of spinning while they wait, and convolutions whose gradients are right.
/// </summary>
public static partial class TorchRuntime
{
    private static readonly Lazy<string?> ConvolutionCheck = new(CheckConvolutions, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// libtorch runs its CPU kernels on OpenMP threads, whose default is to spin while waiting. When another process
    /// shares the cores, spinning threads steal each other's time slices (measured on 2 cores with libtorch 1.13: a 32²
    /// training step went from 26 ms to 121 ms). Unless the user chose otherwise, waiting threads sleep instead. This
    /// must reach the native environment before TorchSharp loads libtorch's libgomp, which reads it once.
    /// </summary>
    [ModuleInitializer]
    internal static void PreferPassiveOpenMpWaiting()
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null)
            _ = setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    private static readonly Lazy<bool> HeapForLargeTensors = new(KeepLargeTensorsOnTheHeap, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Lets glibc's malloc serve libtorch's large activation and gradient buffers from its heap and keep them there
    /// between steps, instead of mapping fresh zeroed pages for every buffer above its mmap threshold and unmapping
    /// them again at the end of the step. Measured on the unet_256 step: 1.02–1.05 → 0.85–0.90 s, a quarter fewer page
    /// faults. Memory is reused from step to step, so resident memory stays at the step's peak instead of falling
    /// back after each step. Applied once, for training only; not where the user tuned malloc (<c>MALLOC_*_</c> or
    /// <c>GLIBC_TUNABLES</c>). Returns whether it applied.
    /// </summary>
    public static bool PrepareForTraining()
    {
        EnsureCorrectConvolutions();
        return HeapForLargeTensors.Value;
    }

    /// <summary>
    /// Null when libtorch's oneDNN convolutions passed the gradient check (or were already off); otherwise why they were
    /// turned off for this process.
    /// </summary>
    public static string? OneDnnDisabledReason => ConvolutionCheck.Value;

    /// <summary>
    /// Checks once per process that a float32 convolution's input gradient agrees with float64, on the shape of the
    /// PatchGAN's last layer, and turns libtorch's oneDNN convolutions off if it does not. libtorch 2.10 (TorchSharp
    /// 0.107) returns wrong input gradients from oneDNN for several stride-1 convolutions (errors of 27–95 % of the
    /// gradient, NaN in some shapes, measured on AMD EPYC with AVX-512), among them the PatchGAN's last 4×4 layer to one
    /// channel; libtorch's own convolutions are right. See docs/torchsharp.md.
    /// </summary>
    public static void EnsureCorrectConvolutions() => _ = ConvolutionCheck.Value;

    /// <summary>The relative error of a float32 stride-1 convolution's input gradient against float64.</summary>
    public static double ConvolutionGradientError()
    {
        using var scope = NewDisposeScope();
        using var _ = enable_grad();
        var generator = new Generator(20260507);
        var x = randn([1, 64, 12, 12], ScalarType.Float64, generator: generator);
        var w = randn([1, 64, 4, 4], ScalarType.Float64, generator: generator) * 0.1;
        var r = randn([1, 1, 11, 11], ScalarType.Float64, generator: generator);
        Tensor InputGradient(ScalarType type)
        {
            var xi = x.to(type).detach().requires_grad_(true);
            var y = nn.functional.conv2d(xi, w.to(type), null, padding: [1, 1]);
            (y * r.to(type)).sum().backward();
            return xi.grad!.to(ScalarType.Float64);
        }
        var exact = InputGradient(ScalarType.Float64);
        var error = (InputGradient(ScalarType.Float32) - exact).abs().max() / exact.abs().max();
        var value = error.item<double>();
        return double.IsNaN(value) ? double.PositiveInfinity : value;
    }

    private static string? CheckConvolutions()
    {
        try
        {
            var context = GlobalContext();
            // libtorch tries NNPACK for convolutions oneDNN does not take (float64 here, all of them once oneDNN is
            // off); where NNPACK cannot initialize (x86 without its kernels) it logs a warning on every such call.
            SetUserEnabledNnpack(context, false);
            if (!UserEnabledMkldnn(context)) return null;
            var error = ConvolutionGradientError();
            if (error < 1e-4) return null;
            SetUserEnabledMkldnn(context, false);
            var how = double.IsFinite(error) ? $"{error:P0} off" : "with NaN";
            return $"libtorch {__version__}'s oneDNN convolutions failed the gradient check on this CPU (input gradient {how}); training uses libtorch's own convolutions";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// A message that says why TorchSharp could not start, when <paramref name="error"/> is that failure (its type
    /// initializer threw because libLibTorchSharp.so did not load); otherwise null.
    /// </summary>
    public static string? DescribeLoadFailure(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is not TypeInitializationException { TypeName: { } type } || !type.StartsWith("TorchSharp", StringComparison.Ordinal)) continue;
            var message = "TorchSharp " + typeof(torch).Assembly.GetName().Version + " could not load its native library libLibTorchSharp.so.";
            var hostLacksGlibcxx = HostLibStdCxx() is { } host && File.ReadAllBytes(host).AsSpan().IndexOf("GLIBCXX_3.4.32\0"u8) < 0;
            return hostLacksGlibcxx
                ? message + " This machine's libstdc++ lacks GLIBCXX_3.4.32 (Debian 12 and older), which that library asks for. Our build " +
                  "marks the need weak in its output folder: build with dotnet build (not -p:Pix2PixWeakGlibcxx=false) and run from that output; " +
                  "see docs/torchsharp.md."
                : message + " Check that the TorchSharp-cpu (or -cuda) package's native files are next to the program; PIX2PIX_DEBUG=1 shows TorchSharp's own report.";
        }
        return null;
    }

    private static string? HostLibStdCxx() =>
        new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);

    private static bool KeepLargeTensorsOnTheHeap()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(k => k.StartsWith("MALLOC_", StringComparison.Ordinal) || k == "GLIBC_TUNABLES"))
            return false;
        try
        {
            const int MmapThreshold = -3, TrimThreshold = -1;
            return mallopt(MmapThreshold, 512 << 20) == 1 & mallopt(TrimThreshold, 1 << 30) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;   // not glibc
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc")]
    private static partial int mallopt(int parameter, int value);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledMkldnn(IntPtr context);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
