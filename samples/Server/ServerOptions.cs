namespace Pix2Pix.Samples.Server;

/// <summary>
/// The server's settings, bound from the configuration section "Server" (appsettings.json, environment variables
/// such as <c>Server__MaxBatchSize=16</c>, or the command line: <c>--Server:MaxBatchSize=16</c>, <c>--model x.onnx</c>).
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The configuration section these options are read from.</summary>
    public const string Section = "Server";

    /// <summary>
    /// The exported generator (.onnx, fp32, fp16 or int8). Null: the repository's committed demo model,
    /// <c>onnx/demo_unet64.onnx</c>, found above the working directory or the program.
    /// </summary>
    public string? ModelPath { get; init; }

    /// <summary>Most requests translated together in one model run.</summary>
    public int MaxBatchSize { get; init; } = 8;

    /// <summary>How long a batch waits for more requests after its first one arrived (milliseconds; 0 takes only what is already queued).</summary>
    public int MaxWaitMs { get; init; } = 5;

    /// <summary>Requests that may wait for a batch; one more is answered 503 with Retry-After.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Largest accepted image, in bytes (the request body, or the file of a multipart upload); larger is answered 413.</summary>
    public long MaxRequestBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Largest image in pixels (width × height, as a PNG, JPEG or BMP header declares it, checked before decoding);
    /// larger is answered 413. Guards against small files that declare huge images.
    /// </summary>
    public long MaxImagePixels { get; init; } = 4096L * 4096;

    /// <summary>Batch workers, each running one batch at a time on the shared model.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>ONNX Runtime intra-op threads per model run; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Seconds a shutdown waits for queued and running requests before giving up on them.</summary>
    public int ShutdownTimeoutSeconds { get; init; } = 30;

    /// <summary>Seconds suggested to a client by the Retry-After header of a 503.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Checks the values; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        static void Require(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentException($"{Section}:{name} is {value}; it must be {rule}");
        }
        Require(MaxBatchSize >= 1, nameof(MaxBatchSize), MaxBatchSize, "at least 1");
        Require(MaxWaitMs >= 0, nameof(MaxWaitMs), MaxWaitMs, "0 or more");
        Require(QueueCapacity >= 1, nameof(QueueCapacity), QueueCapacity, "at least 1");
        Require(MaxRequestBytes >= 1, nameof(MaxRequestBytes), MaxRequestBytes, "at least 1");
        Require(MaxImagePixels >= 1, nameof(MaxImagePixels), MaxImagePixels, "at least 1");
        Require(Workers >= 1, nameof(Workers), Workers, "at least 1");
        Require(IntraOpThreads >= 0, nameof(IntraOpThreads), IntraOpThreads, "0 (ONNX Runtime's choice) or more");
        Require(ShutdownTimeoutSeconds >= 0, nameof(ShutdownTimeoutSeconds), ShutdownTimeoutSeconds, "0 or more");
        Require(RetryAfterSeconds >= 1, nameof(RetryAfterSeconds), RetryAfterSeconds, "at least 1");
    }

    /// <summary>
    /// <see cref="ModelPath"/>, or the committed demo model <c>onnx/demo_unet64.onnx</c> found in or above
    /// <paramref name="searchFrom"/> (the working directory, then the program's folder).
    /// </summary>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    public string ResolveModelPath(params string[] searchFrom)
    {
        if (ModelPath is { Length: > 0 })
            return File.Exists(ModelPath) ? Path.GetFullPath(ModelPath) : throw new FileNotFoundException($"model '{ModelPath}' not found ({Section}:ModelPath / --model)", ModelPath);
        foreach (string start in searchFrom)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "onnx", "demo_unet64.onnx");
                if (File.Exists(candidate)) return candidate;
            }
        throw new FileNotFoundException(
            $"no model given and the repository's onnx/demo_unet64.onnx was not found above {string.Join(" or ", searchFrom)}; pass --model path/to/generator.onnx");
    }
}
