using System.Buffers;
using System.Runtime.InteropServices;

namespace Pix2Pix.OnnxRuntime;

/// <summary>Owns one ONNX Runtime object; released exactly once, by Dispose or the finalizer.</summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(nint handle) : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    /// <summary>Keeps the object alive while native code uses it; throws ObjectDisposedException once closed.</summary>
    internal Lease Use()
    {
        if (IsClosed) throw new ObjectDisposedException(OwnerName);
        return new Lease(this);
    }

    /// <summary>The public type that owns this handle, for ObjectDisposedException.</summary>
    protected virtual string OwnerName => GetType().Name[..^"Handle".Length];
}

/// <summary>A reference on a handle for the duration of a native call.</summary>
internal readonly ref struct Lease
{
    private readonly SafeHandle _owner;

    internal Lease(SafeHandle owner)
    {
        var added = false;
        owner.DangerousAddRef(ref added);
        _owner = owner;
        Pointer = owner.DangerousGetHandle();
    }

    public nint Pointer { get; }

    public void Dispose() => _owner?.DangerousRelease();
}

internal sealed class EnvHandle(nint h) : OrtHandle(h)
{
    protected override bool ReleaseHandle() { NativeMethods.ReleaseEnv(handle); return true; }
}

internal sealed class SessionOptionsHandle(nint h) : OrtHandle(h)
{
    protected override bool ReleaseHandle() { NativeMethods.ReleaseSessionOptions(handle); return true; }
}

internal sealed class SessionHandle(nint h) : OrtHandle(h)
{
    protected override bool ReleaseHandle() { NativeMethods.ReleaseSession(handle); return true; }
}

internal sealed class MemoryInfoHandle(nint h) : OrtHandle(h)
{
    protected override bool ReleaseHandle() { NativeMethods.ReleaseMemoryInfo(handle); return true; }
}

internal sealed class RunOptionsHandle(nint h) : OrtHandle(h)
{
    protected override bool ReleaseHandle() { NativeMethods.ReleaseRunOptions(handle); return true; }
}

/// <summary>An OrtIoBinding; holds references on its session and bound values so they outlive the binding.</summary>
internal sealed class IoBindingHandle : OrtHandle
{
    private readonly object _gate = new();
    private readonly Dictionary<(bool Input, string Name), SafeHandle> _bound = [];
    private readonly SafeHandle _session;

    internal IoBindingHandle(nint h, SafeHandle session) : base(h)
    {
        var added = false;
        session.DangerousAddRef(ref added);
        _session = session;
    }

    /// <summary>Records that <paramref name="value"/> is bound under the name, replacing (and releasing) any earlier value.</summary>
    internal void Hold(bool input, string name, SafeHandle? value)
    {
        if (value != null)
        {
            var added = false;
            value.DangerousAddRef(ref added);
        }
        lock (_gate)
        {
            if (_bound.Remove((input, name), out var old)) old.DangerousRelease();
            if (value != null) _bound[(input, name)] = value;
        }
    }

    internal void ReleaseAll(bool input)
    {
        lock (_gate)
            foreach (var key in _bound.Keys.Where(k => k.Input == input).ToArray())
                if (_bound.Remove(key, out var old)) old.DangerousRelease();
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.ReleaseIoBinding(handle);
        lock (_gate)
        {
            foreach (var h in _bound.Values) h.DangerousRelease();
            _bound.Clear();
        }
        _session.DangerousRelease();
        return true;
    }
}

internal sealed class ModelMetadataHandle(nint h) : OrtHandle(h)
{
    protected override bool ReleaseHandle() { NativeMethods.ReleaseModelMetadata(handle); return true; }
}

/// <summary>An OrtValue; when it wraps managed memory, that memory stays pinned until the value is released.</summary>
internal sealed class ValueHandle(nint h, MemoryHandle pin = default) : OrtHandle(h)
{
    private MemoryHandle _pin = pin;

    protected override string OwnerName => nameof(OrtValue);

    protected override bool ReleaseHandle()
    {
        NativeMethods.ReleaseValue(handle);
        _pin.Dispose();
        return true;
    }
}
