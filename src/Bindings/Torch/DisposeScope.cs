namespace Pix2Pix.Torch;

/// <summary>
/// Every tensor created while a scope is the innermost one on its thread is registered with it and disposed when the
/// scope is disposed, unless it was moved out (<see cref="Tensor.MoveToOuterDisposeScope"/> /
/// <see cref="Tensor.DetachFromDisposeScope"/>). Create with <see cref="torch.NewDisposeScope"/>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? s_current;

    private readonly DisposeScope? _outer;
    private readonly List<Tensor?> _slots = new(32);
    private int _count;
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = s_current;
        s_current = this;
    }

    internal static DisposeScope? Current => s_current;

    /// <summary>The nearest enclosing scope that is still alive.</summary>
    internal DisposeScope? OuterAlive
    {
        get
        {
            var s = _outer;
            while (s is { _disposed: true }) s = s._outer;
            return s;
        }
    }

    /// <summary>Number of tensors this scope will dispose.</summary>
    public int Count => _count;

    /// <summary>Moves <paramref name="t"/> to the enclosing scope (or to none) and returns it.</summary>
    public Tensor MoveToOuter(Tensor t) => t.MoveToOuterDisposeScope();

    /// <summary>Disposes every tensor still registered here, then ends the scope.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (ReferenceEquals(s_current, this)) s_current = OuterAlive;
        for (var i = 0; i < _slots.Count; i++) _slots[i]?.Dispose();
        _slots.Clear();
        _count = 0;
    }

    internal void Register(Tensor t)
    {
        t.Scope = this;
        t.ScopeSlot = _slots.Count;
        _slots.Add(t);
        _count++;
    }

    internal void Unregister(Tensor t)
    {
        _slots[t.ScopeSlot] = null;
        t.Scope = null;
        _count--;
    }
}
