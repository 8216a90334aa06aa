namespace Pix2Pix.OnnxRuntime;

/// <summary>Settings for creating an <see cref="InferenceSession"/>; the session copies them, so one instance can serve many.</summary>
public sealed class SessionOptions : IDisposable
{
    private readonly SessionOptionsHandle _handle;
    private int _intraOpNumThreads;
    private int _interOpNumThreads;
    private GraphOptimizationLevel _graphOptimizationLevel = GraphOptimizationLevel.All;
    private ExecutionMode _executionMode = ExecutionMode.Sequential;
    private bool _enableCpuMemArena = true;
    private string? _optimizedModelFilePath;
    private string? _profileOutputPathPrefix;
    private OrtLoggingLevel _logSeverityLevel = OrtLoggingLevel.Warning;

    /// <summary>Creates default options (CPU, all graph optimizations, ONNX Runtime's thread defaults).</summary>
    /// <exception cref="DllNotFoundException">ONNX Runtime 1.30+ could not be found.</exception>
    public SessionOptions()
    {
        _ = OrtEnv.Instance; // providers log through the environment's logger, so it must exist first
        _handle = new SessionOptionsHandle(NativeMethods.CreateSessionOptions());
    }

    /// <summary>Threads used inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpNumThreads
    {
        get => _intraOpNumThreads;
        set { ArgumentOutOfRangeException.ThrowIfNegative(value); using (var h = Use()) NativeMethods.SetIntraOpNumThreads(h.Pointer, value); _intraOpNumThreads = value; }
    }

    /// <summary>Threads used to run independent operators in <see cref="ExecutionMode.Parallel"/>; 0 lets ONNX Runtime choose.</summary>
    public int InterOpNumThreads
    {
        get => _interOpNumThreads;
        set { ArgumentOutOfRangeException.ThrowIfNegative(value); using (var h = Use()) NativeMethods.SetInterOpNumThreads(h.Pointer, value); _interOpNumThreads = value; }
    }

    /// <summary>Graph optimizations applied at session creation (default <see cref="GraphOptimizationLevel.All"/>).</summary>
    public GraphOptimizationLevel GraphOptimizationLevel
    {
        get => _graphOptimizationLevel;
        set { Defined(value); using (var h = Use()) NativeMethods.SetGraphOptimizationLevel(h.Pointer, (int)value); _graphOptimizationLevel = value; }
    }

    /// <summary>Sequential (default) or parallel execution of independent nodes.</summary>
    public ExecutionMode ExecutionMode
    {
        get => _executionMode;
        set { Defined(value); using (var h = Use()) NativeMethods.SetExecutionMode(h.Pointer, (int)value); _executionMode = value; }
    }

    /// <summary>Whether the CPU allocator uses an arena (default true).</summary>
    public bool EnableCpuMemArena
    {
        get => _enableCpuMemArena;
        set { using (var h = Use()) NativeMethods.SetCpuMemArena(h.Pointer, value); _enableCpuMemArena = value; }
    }

    /// <summary>Log threshold for sessions created with these options (default <see cref="OrtLoggingLevel.Warning"/>).</summary>
    public OrtLoggingLevel LogSeverityLevel
    {
        get => _logSeverityLevel;
        set { Defined(value); using (var h = Use()) NativeMethods.SetSessionLogSeverityLevel(h.Pointer, (int)value); _logSeverityLevel = value; }
    }

    /// <summary>When set, the session writes its optimized graph to this file at creation.</summary>
    public string? OptimizedModelFilePath
    {
        get => _optimizedModelFilePath;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            using (var h = Use()) NativeMethods.SetOptimizedModelFilePath(h.Pointer, value);
            _optimizedModelFilePath = value;
        }
    }

    /// <summary>
    /// When set, sessions record the duration of every node run and write them as Chrome trace JSON to
    /// <c>{prefix}_{date}.json</c> when the session is disposed.
    /// </summary>
    public string? ProfileOutputPathPrefix
    {
        get => _profileOutputPathPrefix;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            using (var h = Use()) NativeMethods.EnableProfiling(h.Pointer, value);
            _profileOutputPathPrefix = value;
        }
    }

    /// <summary>The provider chosen by <see cref="SelectExecutionProvider"/> or <see cref="AppendCuda"/>.</summary>
    public ExecutionProviderChoice ExecutionProvider { get; private set; } = ExecutionProviderChoice.Cpu;

    /// <summary>Why <see cref="ExecutionProviderChoice.CudaOrCpu"/> fell back to CPU; null when it did not.</summary>
    public string? FallbackReason { get; private set; }

    /// <summary>Adds a session configuration entry (see onnxruntime_session_options_config_keys.h).</summary>
    public void AddConfigEntry(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        using var h = Use();
        NativeMethods.AddSessionConfigEntry(h.Pointer, key, value);
    }

    /// <summary>Adds the CUDA execution provider for <paramref name="deviceId"/>.</summary>
    /// <exception cref="OnnxRuntimeException">
    /// The CUDA provider could not be loaded: this ONNX Runtime is a CPU build (set PIX2PIX_ONNXRUNTIME to a GPU
    /// release), or the CUDA/cuDNN libraries it needs are missing. The options stay usable on CPU.
    /// </exception>
    public void AppendCuda(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        try
        {
            using var h = Use();
            NativeMethods.AppendCuda(h.Pointer, deviceId);
        }
        catch (OnnxRuntimeException e)
        {
            var hint = e.NativeMessage.Contains("Failed to load", StringComparison.OrdinalIgnoreCase)
                ? $"The CUDA execution provider could not be loaded: the ONNX Runtime at {OrtLibrary.Path} is a CPU-only build " +
                  "or CUDA/cuDNN are missing (set PIX2PIX_ONNXRUNTIME to a GPU build of ONNX Runtime 1.30). "
                : $"The CUDA execution provider could not be added for device {deviceId}. ";
            throw new OnnxRuntimeException(e.ErrorCode, hint + "ONNX Runtime: " + e.NativeMessage.Trim(), e);
        }
        ExecutionProvider = ExecutionProviderChoice.Cuda;
        FallbackReason = null;
    }

    /// <summary>Applies a provider policy; <see cref="ExecutionProviderChoice.CudaOrCpu"/> never throws for a missing CUDA.</summary>
    /// <exception cref="OnnxRuntimeException"><see cref="ExecutionProviderChoice.Cuda"/> and CUDA could not be added.</exception>
    public void SelectExecutionProvider(ExecutionProviderChoice choice, int deviceId = 0)
    {
        switch (choice)
        {
            case ExecutionProviderChoice.Cpu:
                return;
            case ExecutionProviderChoice.Cuda:
                AppendCuda(deviceId);
                return;
            case ExecutionProviderChoice.CudaOrCpu:
                try { AppendCuda(deviceId); }
                catch (OnnxRuntimeException e)
                {
                    ExecutionProvider = ExecutionProviderChoice.Cpu;
                    FallbackReason = e.NativeMessage;
                }
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(choice), choice, null);
        }
    }

    internal Lease Use() => _handle.Use();

    private static void Defined<T>(T value) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a {typeof(T).Name} value.");
    }

    /// <summary>Releases the native options; sessions already created keep their copy.</summary>
    public void Dispose() => _handle.Dispose();
}
