namespace Pix2Pix.Training.Reports;

/// <summary>Progress as plain periodic lines, for logs and terminals that cannot redraw.</summary>
internal sealed class PlainProgressView(TextWriter output, TimeSpan interval, TimeProvider time) : IProgressView
{
    private long? _lastPrinted;
    private ProgressSnapshot? _pending;

    public void Show(ProgressSnapshot snapshot)
    {
        long now = time.GetTimestamp();
        bool due = _lastPrinted is not { } last || time.GetElapsedTime(last, now) >= interval || snapshot.EpochIter >= snapshot.ItersPerEpoch;
        if (!due)
        {
            _pending = snapshot;
            return;
        }
        Print(snapshot);
        _lastPrinted = now;
    }

    public void Message(string text)
    {
        output.WriteLine(text);
        output.Flush();
    }

    public void Dispose()
    {
        if (_pending is not null) Print(_pending);
    }

    private void Print(ProgressSnapshot snapshot)
    {
        _pending = null;
        output.WriteLine(snapshot.ToLine());
        output.Flush();
    }
}
