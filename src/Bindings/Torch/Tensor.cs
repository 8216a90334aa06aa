namespace Pix2Pix.Torch;

/// <summary>
/// A libtorch tensor. Owns one native handle, freed by <see cref="Dispose"/> (or, failing that, by the finalizer of the handle).
/// Created while a <see cref="DisposeScope"/> is active, it is registered with that scope.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;

    internal DisposeScope? Scope;
    internal int ScopeSlot;

    private Tensor(nint handle)
    {
        _handle = new TensorHandle(handle);
        DisposeScope.Current?.Register(this);
    }

    /// <summary>Wraps a handle just returned by the shim, throwing the native error when it is null.</summary>
    internal static Tensor From(nint handle) => new(TorchException.Check(handle));

    /// <summary>The native handle; throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    internal TensorHandle Handle => _handle.IsClosed ? throw new ObjectDisposedException(nameof(Tensor)) : _handle;

    internal static TensorHandle HandleOf(Tensor? t) => t is null ? TensorHandle.Null : t.Handle;

    /// <summary>Number of native tensor handles currently alive in this process.</summary>
    public static long LiveCount => Native.p2p_live_tensors();

    /// <summary>True once the tensor has been disposed.</summary>
    public bool IsInvalid => _handle.IsClosed || _handle.IsInvalid;

    /// <summary>Frees the native handle now and leaves any dispose scope.</summary>
    public void Dispose()
    {
        Scope?.Unregister(this);
        _handle.Dispose();
    }

    /// <summary>Moves this tensor from its dispose scope to the enclosing one (or to none), so it outlives its scope.</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        var scope = Scope;
        if (scope is null) return this;
        scope.Unregister(this);
        scope.OuterAlive?.Register(this);
        return this;
    }

    /// <summary>Removes this tensor from every dispose scope; the caller must dispose it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope?.Unregister(this);
        return this;
    }

    /// <summary>Shape, dtype and device, e.g. <c>Tensor([1, 3, 256, 256], Float32, cpu)</c>.</summary>
    public override string ToString() =>
        IsInvalid ? "Tensor(disposed)" : $"Tensor([{string.Join(", ", shape)}], {dtype}, {device}{(requires_grad ? ", requires_grad" : "")})";
}
