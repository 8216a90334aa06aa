namespace Pix2Pix.Inference;

/// <summary>
/// Tile placement and blending weights along one axis. Tiles of <see cref="Extent"/> pixels start every
/// <c>tile - overlap</c> pixels, the last one flush with the end of the axis padded to the size multiple; an axis
/// shorter than a tile gets one tile of that padded length. At a seam a tile ignores the outer quarter of the overlap (its edge pixels saw
/// padding, not the image) and fades in over the middle half with a cosine ramp; image borders get full weight.
/// </summary>
internal sealed class TileAxis
{
    private TileAxis(int length, int extent, int[] starts, float[][] weights)
    {
        Length = length;
        Extent = extent;
        Starts = starts;
        Weights = weights;
    }

    public int Length { get; }

    /// <summary>The size of every tile along this axis (what the model sees).</summary>
    public int Extent { get; }

    public IReadOnlyList<int> Starts { get; }

    /// <summary>Per tile, the weight of each of its pixels that lies inside the image.</summary>
    public IReadOnlyList<float[]> Weights { get; }

    public int Count => Starts.Count;

    /// <summary>Pixels of tile <paramref name="index"/> that lie inside the image.</summary>
    public int Valid(int index) => Math.Min(Extent, Length - Starts[index]);

    /// <summary>
    /// Places tiles over the axis reflect-padded to <paramref name="multiple"/> (and at least <paramref name="minimum"/>),
    /// as an untiled image would be, so that the far edge sees the same padding either way.
    /// </summary>
    public static TileAxis Create(int length, int tile, int overlap, int multiple, int minimum = 1)
    {
        int padded = Math.Max(Fitting.RoundUp(length, multiple), minimum);
        if (padded <= tile)
            return new TileAxis(length, padded, [0], [Ones(length)]);

        int stride = tile - overlap;
        int count = 1 + (padded - tile + stride - 1) / stride;
        var starts = new int[count];
        for (int k = 0; k < count - 1; k++) starts[k] = k * stride;
        starts[count - 1] = padded - tile;

        var weights = new float[count][];
        for (int k = 0; k < count; k++)
        {
            var w = new float[Math.Min(tile, length - starts[k])];
            for (int x = 0; x < w.Length; x++)
            {
                float fromLeft = k > 0 ? Ramp(x, overlap) : 1f;
                float fromRight = k < count - 1 ? Ramp(tile - 1 - x, overlap) : 1f;
                w[x] = fromLeft * fromRight;
            }
            weights[k] = w;
        }
        return new TileAxis(length, tile, starts, weights);
    }

    /// <summary>Weight of a pixel <paramref name="distance"/> pixels from a seam edge: 0, then a cosine rise, then 1.</summary>
    internal static float Ramp(int distance, int overlap)
    {
        int margin = overlap / 4, rise = overlap - 2 * margin;
        if (distance < margin) return 0f;
        if (distance >= margin + rise) return 1f;
        return (float)(0.5 - 0.5 * Math.Cos(Math.PI * (distance - margin + 0.5) / rise));
    }

    private static float[] Ones(int length)
    {
        var w = new float[length];
        Array.Fill(w, 1f);
        return w;
    }
}
