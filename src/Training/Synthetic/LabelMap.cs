namespace Pix2Pix.Training.Synthetic;

/// <summary>
/// A square grid of <see cref="SceneClass"/> values with painters for shapes given in unit coordinates
/// (0..1 across the image); a pixel is covered when its centre is inside the shape.
/// </summary>
internal sealed class LabelMap
{
    public LabelMap(int size)
    {
        Size = size;
        Classes = new SceneClass[size * size];
    }

    public int Size { get; }

    public SceneClass[] Classes { get; }

    public SceneClass this[int x, int y] => Classes[y * Size + x];

    /// <summary>The class at (x, y), or <paramref name="outside"/> beyond the border.</summary>
    public SceneClass At(int x, int y, SceneClass outside) =>
        (uint)x < (uint)Size && (uint)y < (uint)Size ? Classes[y * Size + x] : outside;

    public static LabelMap FromImage(ReadOnlySpan<byte> rgb, int size)
    {
        if (rgb.Length != size * size * 3)
            throw new ArgumentException($"a {size}x{size} RGB label image needs {size * size * 3} bytes, got {rgb.Length}", nameof(rgb));
        var map = new LabelMap(size);
        for (int i = 0; i < map.Classes.Length; i++)
        {
            if (!SyntheticPalette.TryClassify(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2], out map.Classes[i]))
                throw new ArgumentException($"pixel ({i % size}, {i / size}) is not a palette colour", nameof(rgb));
        }
        return map;
    }

    public byte[] ToImage()
    {
        var rgb = new byte[Classes.Length * 3];
        for (int i = 0; i < Classes.Length; i++)
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = SyntheticPalette.ColorOf(Classes[i]);
        return rgb;
    }

    public void FillRows(double top, double bottom, SceneClass value) => FillRect(0, top, 1, bottom, value);

    public void FillRect(double left, double top, double right, double bottom, SceneClass value) =>
        Fill(value, top, bottom, (u, v) => u >= left && u < right);

    public void FillCircle(double cx, double cy, double radius, SceneClass value) =>
        Fill(value, cy - radius, cy + radius, (u, v) => (u - cx) * (u - cx) + (v - cy) * (v - cy) <= radius * radius);

    /// <summary>A roof shape: a flat base from left to right at bottom, narrowing to a ridge of width ridge centred on apexX at top.</summary>
    public void FillRoof(double left, double right, double apexX, double ridge, double top, double bottom, SceneClass value)
    {
        double ridgeLeft = apexX - ridge / 2, ridgeRight = apexX + ridge / 2;
        Fill(value, top, bottom, (u, v) =>
        {
            double f = (v - top) / (bottom - top);
            return u >= ridgeLeft + (left - ridgeLeft) * f && u < ridgeRight + (right - ridgeRight) * f;
        });
    }

    private void Fill(SceneClass value, double top, double bottom, Func<double, double, bool> contains)
    {
        int y0 = Math.Max(0, (int)Math.Floor(top * Size - 0.5));
        int y1 = Math.Min(Size - 1, (int)Math.Ceiling(bottom * Size));
        for (int y = y0; y <= y1; y++)
        {
            double v = (y + 0.5) / Size;
            if (v < top || v >= bottom) continue;
            for (int x = 0; x < Size; x++)
            {
                if (contains((x + 0.5) / Size, v))
                    Classes[y * Size + x] = value;
            }
        }
    }
}
