using Pix2Pix.Torch;

namespace Pix2Pix.Training.Nn;

/// <summary>
/// A layer or network with named parameters, buffers and child modules, in PyTorch's <c>nn.Module</c> shape:
/// state-dict keys are dotted paths (<c>model.model.1.model.3.weight</c>) in the same order PyTorch writes them,
/// so official checkpoints load by name.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Value)> _parameters = [];
    private readonly List<(string Name, Tensor Value)> _buffers = [];
    private readonly List<(string Name, Module Value)> _children = [];
    private bool _disposed;

    /// <summary>True in training mode (batch statistics, active dropout), false after <see cref="eval"/>.</summary>
    public bool training { get; private set; } = true;

    /// <summary>Runs the module on <paramref name="x"/>.</summary>
    public abstract Tensor forward(Tensor x);

    /// <summary>Sets training mode on this module and every descendant.</summary>
    public Module train(bool on = true)
    {
        training = on;
        foreach (var (_, child) in _children) child.train(on);
        return this;
    }

    /// <summary>Sets evaluation mode (running statistics, no dropout).</summary>
    public Module eval() => train(false);

    /// <summary>Direct children in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> named_children() => _children;

    /// <summary>This module and all descendants, children before their parent (the order of PyTorch's <c>Module.apply</c>).</summary>
    public IEnumerable<Module> modules_post_order()
    {
        foreach (var (_, child) in _children)
            foreach (var m in child.modules_post_order()) yield return m;
        yield return this;
    }

    /// <summary>Trainable parameters with their state-dict keys.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> named_parameters() => Walk(includeParameters: true, includeBuffers: false);

    /// <summary>Non-trainable state (running statistics, counters) with their state-dict keys.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> named_buffers() => Walk(includeParameters: false, includeBuffers: true);

    /// <summary>Parameters and buffers in PyTorch's <c>state_dict()</c> order.</summary>
    public IEnumerable<(string Name, Tensor Value)> state_dict() => Walk(includeParameters: true, includeBuffers: true);

    /// <summary>Trainable parameters.</summary>
    public IEnumerable<Tensor> parameters() => named_parameters().Select(p => p.Parameter);

    /// <summary>Total number of trainable scalars.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>Moves every parameter and buffer to <paramref name="device"/>.</summary>
    public Module to(Device device)
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            var (name, old) = _parameters[i];
            if (old.device == device) continue;
            using (torch.no_grad())
                _parameters[i] = (name, Own(old.to(device).requires_grad_(true)));
            old.Dispose();
        }
        for (var i = 0; i < _buffers.Count; i++)
        {
            var (name, old) = _buffers[i];
            if (old.device == device) continue;
            _buffers[i] = (name, Own(old.to(device)));
            old.Dispose();
        }
        foreach (var (_, child) in _children) child.to(device);
        return this;
    }

    /// <summary>Registers a trainable parameter; the module owns and disposes it.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        value.requires_grad = true;
        _parameters.Add((name, Own(value)));
        return value;
    }

    /// <summary>Registers non-trainable state that is saved with the weights.</summary>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        _buffers.Add((name, Own(value)));
        return value;
    }

    /// <summary>Registers a child module under <paramref name="name"/>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        _children.Add((name, module));
        return module;
    }

    /// <summary>The current tensor of a parameter registered by this module (it changes after <see cref="to"/>).</summary>
    protected Tensor Parameter(string name) => _parameters.First(p => p.Name == name).Value;

    /// <summary>The current tensor of a buffer registered by this module.</summary>
    protected Tensor Buffer(string name) => _buffers.First(b => b.Name == name).Value;

    /// <summary>Whether this module registered a parameter called <paramref name="name"/>.</summary>
    protected bool HasParameter(string name) => _parameters.Any(p => p.Name == name);

    private static Tensor Own(Tensor t) => t.DetachFromDisposeScope();

    private IEnumerable<(string, Tensor)> Walk(bool includeParameters, bool includeBuffers, string prefix = "")
    {
        if (includeParameters)
            foreach (var (name, p) in _parameters) yield return (prefix + name, p);
        if (includeBuffers)
            foreach (var (name, b) in _buffers) yield return (prefix + name, b);
        foreach (var (name, child) in _children)
            foreach (var item in child.Walk(includeParameters, includeBuffers, prefix + name + "."))
                yield return item;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var (_, p) in _parameters) p.Dispose();
        foreach (var (_, b) in _buffers) b.Dispose();
        foreach (var (_, c) in _children) c.Dispose();
        GC.SuppressFinalize(this);
    }
}
