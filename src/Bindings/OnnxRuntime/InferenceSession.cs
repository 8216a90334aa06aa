namespace Pix2Pix.OnnxRuntime;

/// <summary>
/// A loaded model. <see cref="Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string}?, RunOptions?)"/>
/// may be called from many threads at once.
/// </summary>
public sealed class InferenceSession : IDisposable
{
    private readonly SessionHandle _handle;
    private readonly string[] _outputNames;

    /// <summary>Loads a model file.</summary>
    /// <exception cref="OnnxRuntimeException">The file is missing or not a valid model (ONNX Runtime's message).</exception>
    public InferenceSession(string modelPath, SessionOptions? options = null)
        : this(options, (env, opts) => NativeMethods.CreateSession(env, modelPath ?? throw new ArgumentNullException(nameof(modelPath)), opts))
    {
    }

    /// <summary>Loads a model from its serialized bytes (the bytes are not kept).</summary>
    /// <exception cref="OnnxRuntimeException">The bytes are not a valid model (ONNX Runtime's message).</exception>
    public InferenceSession(byte[] model, SessionOptions? options = null)
        : this(options, (env, opts) => NativeMethods.CreateSessionFromArray(env, model ?? throw new ArgumentNullException(nameof(model)), opts))
    {
    }

    private InferenceSession(SessionOptions? options, Func<nint, nint, nint> create)
    {
        var env = OrtEnv.Instance;
        using var envLease = env.Handle.Use();
        var own = options == null ? new SessionOptions() : null;
        try
        {
            using var opts = (options ?? own!).Use();
            _handle = new SessionHandle(create(envLease.Pointer, opts.Pointer));
        }
        finally
        {
            own?.Dispose();
        }
        try
        {
            using var s = _handle.Use();
            Inputs = ReadNodes(s.Pointer, input: true);
            Outputs = ReadNodes(s.Pointer, input: false);
            _outputNames = Outputs.Select(o => o.Name).ToArray();
            ModelMetadata = ReadModelMetadata(s.Pointer);
        }
        catch
        {
            _handle.Dispose();
            throw;
        }
    }

    /// <summary>The model's inputs, in graph order.</summary>
    public IReadOnlyList<NodeMetadata> Inputs { get; }

    /// <summary>The model's outputs, in graph order.</summary>
    public IReadOnlyList<NodeMetadata> Outputs { get; }

    /// <summary>Producer, graph name, version and custom metadata of the model.</summary>
    public ModelMetadata ModelMetadata { get; }

    /// <summary>
    /// Runs the model. Inputs are used in place (tensors created over caller arrays are not copied); the outputs are new
    /// values owned by the caller.
    /// </summary>
    /// <param name="inputNames">Names of the inputs, parallel to <paramref name="inputs"/>.</param>
    /// <param name="inputs">Input tensors.</param>
    /// <param name="outputNames">Outputs to compute; null for all, in graph order.</param>
    /// <param name="options">Per-run options, or null.</param>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the inputs (unknown name, wrong rank, shape or type) or failed.</exception>
    /// <exception cref="ObjectDisposedException">The session or an input was disposed.</exception>
    public RunResults Run(IReadOnlyList<string> inputNames, IReadOnlyList<OrtValue> inputs,
                          IReadOnlyList<string>? outputNames = null, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputNames.Count != inputs.Count)
            throw new ArgumentException($"{inputNames.Count} input names but {inputs.Count} input values.", nameof(inputs));
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var names = outputNames?.ToArray() ?? _outputNames;

        var inputHandles = new nint[inputs.Count];
        var leased = 0;
        try
        {
            for (; leased < inputs.Count; leased++)
            {
                var value = inputs[leased] ?? throw new ArgumentNullException(nameof(inputs), $"Input {leased} is null.");
                var h = value.Handle;
                ObjectDisposedException.ThrowIf(h.IsClosed, value);
                var added = false;
                h.DangerousAddRef(ref added);
                inputHandles[leased] = h.DangerousGetHandle();
            }
            var outputs = new nint[names.Length];
            using (var inNames = new NativeMethods.Utf8Strings(inputNames))
            using (var outNames = new NativeMethods.Utf8Strings(names))
            using (var session = _handle.Use())
            using (var runOptions = options is null ? default : options.Use())
                NativeMethods.Run(session.Pointer, runOptions.Pointer, inNames.Pointers, inputHandles, outNames.Pointers, outputs);
            return new RunResults(names, Array.ConvertAll(outputs, p => new OrtValue(new ValueHandle(p))));
        }
        finally
        {
            for (var i = 0; i < leased; i++) inputs[i].Handle.DangerousRelease();
        }
    }

    /// <summary>Runs the model on named inputs.</summary>
    /// <inheritdoc cref="Run(IReadOnlyList{string}, IReadOnlyList{OrtValue}, IReadOnlyList{string}?, RunOptions?)"/>
    public RunResults Run(IReadOnlyDictionary<string, OrtValue> inputs, IReadOnlyList<string>? outputNames = null, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Run(inputs.Keys.ToArray(), inputs.Values.ToArray(), outputNames, options);
    }

    /// <summary>Creates an I/O binding for this session.</summary>
    public IoBinding CreateIoBinding()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return new IoBinding(_handle);
    }

    /// <summary>Runs the model on the values bound in <paramref name="binding"/>; outputs land in the bound tensors.</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the bound values or failed.</exception>
    public void RunWithBinding(IoBinding binding, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        using var session = _handle.Use();
        using var b = binding.Use();
        using var runOptions = options is null ? default : options.Use();
        NativeMethods.RunWithBinding(session.Pointer, runOptions.Pointer, b.Pointer);
    }

    /// <summary>Releases the native session once no run is using it; safe to call more than once.</summary>
    public void Dispose() => _handle.Dispose();

    private static NodeMetadata[] ReadNodes(nint session, bool input)
    {
        var nodes = new NodeMetadata[NativeMethods.SessionIoCount(session, input)];
        for (var i = 0; i < nodes.Length; i++)
        {
            var (type, shape, symbols) = NativeMethods.SessionIoType(session, input, i);
            nodes[i] = new NodeMetadata(NativeMethods.SessionIoName(session, input, i), (TensorElementType)type, shape, symbols);
        }
        return nodes;
    }

    private static ModelMetadata ReadModelMetadata(nint session)
    {
        using var handle = new ModelMetadataHandle(NativeMethods.SessionGetModelMetadata(session));
        using var m = handle.Use();
        return new ModelMetadata(
            NativeMethods.ModelMetadataString(m.Pointer, NativeMethods.MetadataString.ProducerName),
            NativeMethods.ModelMetadataString(m.Pointer, NativeMethods.MetadataString.GraphName),
            NativeMethods.ModelMetadataString(m.Pointer, NativeMethods.MetadataString.Domain),
            NativeMethods.ModelMetadataString(m.Pointer, NativeMethods.MetadataString.Description),
            NativeMethods.ModelMetadataVersion(m.Pointer),
            NativeMethods.ModelMetadataCustomMap(m.Pointer));
    }
}
