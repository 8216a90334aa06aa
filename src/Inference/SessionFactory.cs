using Microsoft.ML.OnnxRuntime;

namespace Pix2Pix.Inference;

/// <summary>
/// Creates a translator's ONNX Runtime session: its thread settings and configuration entries, the CUDA provider when
/// asked for (with the CPU fallback or the error the options choose) and clear errors for files that are not models.
/// </summary>
internal static class SessionFactory
{
    /// <summary>The session and where it runs.</summary>
    /// <param name="GpuDeviceId">The CUDA device, or null on the CPU.</param>
    /// <param name="FallbackReason">Why CUDA was asked for and the CPU is used, or null.</param>
    public sealed record Opened(InferenceSession Session, int? GpuDeviceId, string? FallbackReason);

    /// <summary>Opens a model with <paramref name="create"/>; <paramref name="name"/> identifies it in messages.</summary>
    /// <exception cref="InvalidDataException">ONNX Runtime cannot load the model.</exception>
    /// <exception cref="CudaUnavailableException">CUDA was asked for, cannot be used, and falling back is off.</exception>
    public static Opened Open(string name, TranslatorOptions o, Func<SessionOptions, InferenceSession> create)
    {
        if (o.GpuDeviceId is not int device) return new Opened(Load(name, o, create, gpu: null), null, null);

        string? reason = CudaProvider.WhyUnavailable();
        Exception? error = null;
        if (reason is null)
        {
            try
            {
                return new Opened(Load(name, o, create, gpu: device), device, null);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or InvalidDataException)
            {
                error = e;
                reason = $"ONNX Runtime could not run on CUDA device {device}: {(e.InnerException ?? e).Message.Trim()}";
            }
        }
        // A model that does not load on the CPU either is a bad model, whatever CUDA did.
        var cpu = Load(name, o, create, gpu: null);
        if (!o.FallbackToCpu)
        {
            cpu.Dispose();
            throw new CudaUnavailableException($"CUDA device {device} was asked for without falling back to the CPU, but {reason}", error);
        }
        string line = $"CUDA device {device} was asked for, but {reason}; using the CPU provider";
        o.Log?.WriteLine(line);
        return new Opened(cpu, null, line);
    }

    private static InferenceSession Load(string name, TranslatorOptions o, Func<SessionOptions, InferenceSession> create, int? gpu)
    {
        using var options = new SessionOptions { IntraOpNumThreads = o.IntraOpThreads };
        foreach (var (key, value) in o.SessionConfig) options.AddSessionConfigEntry(key, value);
        if (gpu is int device) options.AppendExecutionProvider_CUDA(device);
        try
        {
            return create(options);
        }
        catch (OnnxRuntimeException e) when (e.Message.Contains("[ErrorCode:NoSuchFile]", StringComparison.Ordinal))
        {
            throw new FileNotFoundException($"Model file not found: '{name}'.", name, e);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"Model '{name}' could not be loaded: {e.Message.Trim()}", e);
        }
    }
}
