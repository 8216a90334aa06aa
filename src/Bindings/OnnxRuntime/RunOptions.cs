namespace Pix2Pix.OnnxRuntime;

/// <summary>Per-call settings for <see cref="InferenceSession.Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string}?, RunOptions?)"/>.</summary>
public sealed class RunOptions : IDisposable
{
    private readonly RunOptionsHandle _handle = new(NativeMethods.CreateRunOptions());
    private string _tag = "";
    private bool _terminate;

    /// <summary>A tag shown in ONNX Runtime's log lines for runs using these options.</summary>
    public string Tag
    {
        get => _tag;
        set { ArgumentNullException.ThrowIfNull(value); using (var h = Use()) NativeMethods.RunOptionsSetRunTag(h.Pointer, value); _tag = value; }
    }

    /// <summary>Set to true (from any thread) to make runs using these options stop with an error as soon as possible.</summary>
    public bool Terminate
    {
        get => _terminate;
        set { using (var h = Use()) NativeMethods.RunOptionsSetTerminate(h.Pointer, value); _terminate = value; }
    }

    internal Lease Use() => _handle.Use();

    /// <summary>Releases the native options.</summary>
    public void Dispose() => _handle.Dispose();
}
