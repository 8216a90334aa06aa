#pragma warning disable CS8981 // lower-case name, as in TorchSharp
namespace Pix2Pix.Torch;

/// <summary>The torch namespace: environment, grad mode, dispose scopes and tensor factories.</summary>
public static partial class torch
{
    /// <summary>The libtorch version the shim was compiled against, e.g. "1.13.0".</summary>
    public static string Version => System.Runtime.InteropServices.Marshal.PtrToStringUTF8(Native.p2p_version())!;

    /// <summary>libtorch's build configuration (at::show_config()): compiler, BLAS, oneDNN, OpenMP, CUDA.</summary>
    public static unsafe string Config => NativeString.Read(static (p, n) => Native.p2p_show_config(p, n));

    /// <summary>Intra-/inter-op thread pools and parallel backend (at::get_parallel_info()).</summary>
    public static unsafe string ParallelInfo => NativeString.Read(static (p, n) => Native.p2p_parallel_info(p, n));

    /// <summary>Whether libtorch was built with CUDA and sees at least one GPU.</summary>
    public static bool cuda_is_available() => TorchException.Check((long)Native.p2p_cuda_is_available()) != 0;

    /// <summary>Number of visible CUDA devices (0 on a CPU build).</summary>
    public static int cuda_device_count() => (int)TorchException.Check((long)Native.p2p_cuda_device_count());

    /// <summary>Seeds the CPU generator and every CUDA generator.</summary>
    public static void manual_seed(long seed) => TorchException.Check(Native.p2p_manual_seed(seed));

    /// <summary>Sets the number of intra-op threads.</summary>
    public static void set_num_threads(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        TorchException.Check(Native.p2p_set_num_threads(n));
    }

    /// <summary>Number of intra-op threads.</summary>
    public static int get_num_threads() => (int)TorchException.Check((long)Native.p2p_get_num_threads());

    /// <summary>The state of the CPU generator, to restore with <see cref="set_rng_state"/>.</summary>
    public static unsafe byte[] get_rng_state()
    {
        var state = new byte[TorchException.Check(Native.p2p_get_rng_state(null, 0))];
        fixed (byte* p = state) TorchException.Check(Native.p2p_get_rng_state(p, state.Length));
        return state;
    }

    /// <summary>Restores a CPU generator state from <see cref="get_rng_state"/>.</summary>
    public static unsafe void set_rng_state(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        fixed (byte* p = state) TorchException.Check(Native.p2p_set_rng_state(p, state.Length));
    }

    /// <summary>Whether autograd records operations on this thread.</summary>
    public static bool is_grad_enabled() => Native.p2p_is_grad_enabled() != 0;

    /// <summary>Disables autograd on this thread until the result is disposed.</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);

    /// <summary>Sets autograd on or off for this thread; disposing the result restores the previous mode.</summary>
    public static IDisposable set_grad_enabled(bool enabled = true) => new GradModeGuard(enabled);

    /// <summary>Opens a dispose scope on this thread (see <see cref="DisposeScope"/>).</summary>
    public static DisposeScope NewDisposeScope() => new();
}
