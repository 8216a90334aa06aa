namespace Pix2Pix.Inference;

/// <summary>Receives finished rows of a tiled translation as CHW floats (the model's output range), top to bottom.</summary>
internal interface ITileSink
{
    /// <param name="top">Image row of the first row in <paramref name="chw"/>.</param>
    /// <param name="rows">Rows in <paramref name="chw"/>.</param>
    /// <param name="chw">channels · rows · width values, channel-major.</param>
    void WriteRows(int top, int rows, ReadOnlySpan<float> chw);
}

/// <summary>
/// Weighted sum of tile outputs over a band one tile high. Tiles arrive in row-major order; once a tile row starts,
/// every image row above it is final and is normalised and handed to the sink, so memory follows the image width
/// and the tile size, not the image area.
/// </summary>
internal sealed class TileAccumulator
{
    private readonly int _width, _height, _channels, _bandHeight;
    private readonly float[] _sum, _weight;
    private readonly ITileSink _sink;
    private int _top;

    public TileAccumulator(int width, int height, int channels, int bandHeight, ITileSink sink)
    {
        _width = width;
        _height = height;
        _channels = channels;
        _bandHeight = bandHeight;
        _sink = sink;
        _sum = new float[checked(channels * bandHeight * width)];
        _weight = new float[checked(bandHeight * width)];
    }

    /// <summary>Adds the in-image part of one tile output (CHW, <paramref name="tileWidth"/> × <paramref name="tileHeight"/>).</summary>
    public void Add(int x0, int y0, ReadOnlySpan<float> tile, int tileWidth, int tileHeight, float[] weightX, float[] weightY)
    {
        if (y0 > _top) FlushUntil(y0);
        int rows = weightY.Length, cols = weightX.Length, bandOffset = y0 - _top;
        if (bandOffset < 0 || bandOffset + rows > _bandHeight)
            throw new InvalidOperationException($"tile at row {y0} arrived after row {_top} was written");
        int tilePlane = tileWidth * tileHeight, bandPlane = _bandHeight * _width;
        for (int y = 0; y < rows; y++)
        {
            float wy = weightY[y];
            if (wy == 0f) continue;
            int bandRow = (bandOffset + y) * _width + x0;
            Span<float> weights = _weight.AsSpan(bandRow, cols);
            for (int x = 0; x < cols; x++) weights[x] += wy * weightX[x];
            for (int c = 0; c < _channels; c++)
            {
                ReadOnlySpan<float> src = tile.Slice(c * tilePlane + y * tileWidth, cols);
                Span<float> dst = _sum.AsSpan(c * bandPlane + bandRow, cols);
                for (int x = 0; x < cols; x++) dst[x] += wy * weightX[x] * src[x];
            }
        }
    }

    /// <summary>Writes every row not yet written.</summary>
    public void Complete() => FlushUntil(_height);

    private void FlushUntil(int row)
    {
        int rows = row - _top;
        if (rows <= 0) return;
        int bandPlane = _bandHeight * _width, outPlane = rows * _width;
        var chw = new float[_channels * outPlane];
        for (int c = 0; c < _channels; c++)
        {
            for (int i = 0; i < outPlane; i++)
            {
                float w = _weight[i];
                chw[c * outPlane + i] = w > 0f ? _sum[c * bandPlane + i] / w : 0f;
            }
        }
        _sink.WriteRows(_top, rows, chw);

        int kept = Math.Max(0, _bandHeight - rows) * _width;
        for (int c = 0; c < _channels; c++)
        {
            Span<float> plane = _sum.AsSpan(c * bandPlane, bandPlane);
            plane.Slice(Math.Min(rows * _width, bandPlane), kept).CopyTo(plane);
            plane[kept..].Clear();
        }
        _weight.AsSpan(Math.Min(rows * _width, bandPlane), kept).CopyTo(_weight);
        _weight.AsSpan(kept).Clear();
        _top = row;
    }
}
