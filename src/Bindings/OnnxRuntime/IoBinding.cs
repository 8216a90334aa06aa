namespace Pix2Pix.OnnxRuntime;

/// <summary>
/// Inputs and outputs bound to a session ahead of <see cref="InferenceSession.RunWithBinding"/>, so that repeated runs
/// reuse the same buffers. Bound values stay alive (and pinned) while bound. Not thread-safe: use one binding per thread.
/// </summary>
public sealed class IoBinding : IDisposable
{
    private readonly IoBindingHandle _handle;
    private readonly List<string> _outputNames = [];

    internal IoBinding(SessionHandle session)
    {
        using var s = session.Use();
        _handle = new IoBindingHandle(NativeMethods.CreateIoBinding(s.Pointer), session);
    }

    /// <summary>Names of the bound outputs, in the order <see cref="GetOutputValues"/> returns them.</summary>
    public IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>Binds an input tensor (used in place, not copied).</summary>
    public void BindInput(string name, OrtValue value) => Bind(input: true, name, value);

    /// <summary>Binds an output to a caller tensor of the right shape (e.g. one created over a float[]); runs write into it.</summary>
    public void BindOutput(string name, OrtValue value) => Bind(input: false, name, value);

    /// <summary>Binds an output to CPU memory that ONNX Runtime allocates on each run; read it with <see cref="GetOutputValues"/>.</summary>
    public void BindOutputToCpu(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using (var b = Use())
        using (var memory = OrtValue.CpuMemoryInfo.Use())
            NativeMethods.BindOutputToDevice(b.Pointer, name, memory.Pointer);
        _handle.Hold(input: false, name, null);
        NoteOutput(name);
    }

    /// <summary>The bound outputs after a run, in <see cref="OutputNames"/> order; each value is a new reference owned by the caller.</summary>
    public RunResults GetOutputValues()
    {
        using var b = Use();
        var values = NativeMethods.GetBoundOutputValues(b.Pointer);
        return new RunResults(_outputNames.ToArray(), Array.ConvertAll(values, p => new OrtValue(new ValueHandle(p))));
    }

    /// <summary>Unbinds every input.</summary>
    public void ClearBoundInputs()
    {
        using (var b = Use()) NativeMethods.ClearBound(b.Pointer, inputs: true);
        _handle.ReleaseAll(input: true);
    }

    /// <summary>Unbinds every output.</summary>
    public void ClearBoundOutputs()
    {
        using (var b = Use()) NativeMethods.ClearBound(b.Pointer, inputs: false);
        _handle.ReleaseAll(input: false);
        _outputNames.Clear();
    }

    internal Lease Use() => _handle.Use();

    /// <summary>Releases the binding and its references on bound values; safe to call more than once.</summary>
    public void Dispose() => _handle.Dispose();

    private void Bind(bool input, string name, OrtValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        using (var b = Use())
        using (var v = value.Handle.Use())
            NativeMethods.Bind(b.Pointer, input, name, v.Pointer);
        _handle.Hold(input, name, value.Handle);
        if (!input) NoteOutput(name);
    }

    private void NoteOutput(string name)
    {
        if (!_outputNames.Contains(name)) _outputNames.Add(name);
    }
}
