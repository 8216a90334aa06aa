namespace Pix2Pix.Training.Reports;

/// <summary>Iterations per second over a sliding time window, so the rate follows speed changes without jitter.</summary>
internal sealed class RateMeter(TimeSpan window)
{
    private readonly Queue<(long Timestamp, long Count)> _samples = new();

    public double Observe(long timestamp, long count, TimeProvider time)
    {
        _samples.Enqueue((timestamp, count));
        while (_samples.Count > 2 && time.GetElapsedTime(_samples.Peek().Timestamp, timestamp) > window)
            _samples.Dequeue();
        (long firstTime, long firstCount) = _samples.Peek();
        double seconds = time.GetElapsedTime(firstTime, timestamp).TotalSeconds;
        return seconds > 0 ? (count - firstCount) / seconds : double.NaN;
    }
}
