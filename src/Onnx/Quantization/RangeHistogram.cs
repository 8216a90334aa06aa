namespace Pix2Pix.Onnx.Quantization;

/// <summary>
/// A histogram of every value seen, over a range that grows with the data: when new values fall outside, the range
/// is widened (to at least 1.5× its width) and the old counts move to the new bins that hold their bin centres.
/// </summary>
internal sealed class RangeHistogram(int bins = 2048)
{
    private long[] _counts = new long[bins];
    private double _low, _high;
    private bool _empty = true;

    public long Total { get; private set; }

    public void Add(ReadOnlySpan<float> values, float min, float max)
    {
        if (values.IsEmpty) return;
        if (_empty)
        {
            (_low, _high, _empty) = (min, max > min ? max : min + 1e-6, false);
        }
        else if (min < _low || max > _high)
        {
            var width = _high - _low;
            double low = Math.Min(min, _low), high = Math.Max(max, _high);
            if (high - low < 1.5 * width)
            {
                var extra = 1.5 * width - (high - low);
                if (min < _low) low -= extra; else high += extra;
            }
            Rebin(low, high);
        }
        var scale = bins / (_high - _low);
        var last = bins - 1;
        foreach (var v in values)
        {
            var index = (int)((v - _low) * scale);
            _counts[index < 0 ? 0 : index > last ? last : index]++;
        }
        Total += values.Length;
    }

    /// <summary>Lower and upper thresholds that leave out <c>(100 − percentile)/2</c> percent of the values on each side.</summary>
    public (float Low, float High) Percentile(double percentile)
    {
        if (_empty) return (0, 0);
        var cut = (100 - percentile) / 200 * Total;
        var width = (_high - _low) / bins;
        double seen = 0;
        var lowBin = 0;
        for (; lowBin < bins - 1; lowBin++)
        {
            seen += _counts[lowBin];
            if (seen > cut) break;
        }
        seen = 0;
        var highBin = bins - 1;
        for (; highBin > 0; highBin--)
        {
            seen += _counts[highBin];
            if (seen > cut) break;
        }
        return ((float)(_low + lowBin * width), (float)(_low + (highBin + 1) * width));
    }

    private void Rebin(double low, double high)
    {
        var counts = new long[bins];
        var oldWidth = (_high - _low) / bins;
        var scale = bins / (high - low);
        for (var i = 0; i < bins; i++)
        {
            if (_counts[i] == 0) continue;
            var centre = _low + (i + 0.5) * oldWidth;
            counts[Math.Clamp((int)((centre - low) * scale), 0, bins - 1)] += _counts[i];
        }
        (_counts, _low, _high) = (counts, low, high);
    }
}
