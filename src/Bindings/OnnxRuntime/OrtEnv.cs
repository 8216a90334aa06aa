namespace Pix2Pix.OnnxRuntime;

/// <summary>
/// The process-wide ONNX Runtime environment (logging and global state). Created on first use and kept
/// for the life of the process; every session is created under it.
/// </summary>
public sealed class OrtEnv
{
    private static readonly object Gate = new();
    private static OrtEnv? _instance;

    private OrtEnv(OrtLoggingLevel level, string logId)
    {
        Handle = new EnvHandle(NativeMethods.CreateEnv((int)level, logId));
        LoggingLevel = level;
        LogId = logId;
    }

    /// <summary>The environment, created with <see cref="OrtLoggingLevel.Warning"/> unless <see cref="Initialize"/> ran first.</summary>
    /// <exception cref="DllNotFoundException">ONNX Runtime 1.30+ could not be found.</exception>
    public static OrtEnv Instance => Volatile.Read(ref _instance) ?? Initialize();

    /// <summary>Creates the environment with the given log threshold; call before any session is created.</summary>
    /// <exception cref="InvalidOperationException">The environment already exists with different settings.</exception>
    public static OrtEnv Initialize(OrtLoggingLevel loggingLevel = OrtLoggingLevel.Warning, string logId = "pix2pix")
    {
        lock (Gate)
        {
            if (_instance is { } existing)
            {
                if (existing.LoggingLevel != loggingLevel || existing.LogId != logId)
                    throw new InvalidOperationException(
                        $"The ONNX Runtime environment already exists (logging level {existing.LoggingLevel}, log id '{existing.LogId}').");
                return existing;
            }
            var env = new OrtEnv(loggingLevel, logId);
            Volatile.Write(ref _instance, env);
            return env;
        }
    }

    /// <summary>The log threshold the environment was created with.</summary>
    public OrtLoggingLevel LoggingLevel { get; }

    /// <summary>The id prefixed to ONNX Runtime's log lines.</summary>
    public string LogId { get; }

    internal EnvHandle Handle { get; }
}
