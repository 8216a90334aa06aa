namespace Pix2Pix.Torch;

/// <summary>Raw pointers of several tensors, each kept alive (ref-counted) until disposed; for shim calls taking arrays.</summary>
internal sealed class HandleList : IDisposable
{
    private readonly TensorHandle[] _handles;
    private int _added;

    internal HandleList(IReadOnlyList<Tensor> tensors)
    {
        _handles = new TensorHandle[tensors.Count];
        Pointers = new nint[tensors.Count];
        try
        {
            for (; _added < _handles.Length; _added++)
            {
                var h = tensors[_added].Handle;
                var ok = false;
                h.DangerousAddRef(ref ok);
                _handles[_added] = h;
                Pointers[_added] = h.DangerousGetHandle();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    internal nint[] Pointers { get; }

    public void Dispose()
    {
        for (var i = 0; i < _added; i++) _handles[i].DangerousRelease();
        _added = 0;
    }
}
