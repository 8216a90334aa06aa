namespace Pix2Pix.Torch;

/// <summary>Restores the thread's previous grad mode when disposed.</summary>
internal sealed class GradModeGuard : IDisposable
{
    private readonly bool _previous;
    private bool _disposed;

    internal GradModeGuard(bool enabled)
    {
        _previous = Native.p2p_is_grad_enabled() != 0;
        Native.p2p_set_grad_enabled(enabled ? 1 : 0);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Native.p2p_set_grad_enabled(_previous ? 1 : 0);
    }
}
