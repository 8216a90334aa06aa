namespace Pix2Pix.Training.Synthetic;

/// <summary>What <see cref="PhotoShader"/> derives once per label map: region extents, the sun's position and size, texel scale.</summary>
internal sealed class ShadingContext
{
    private readonly double _sunX, _sunY, _sunRadius;

    public ShadingContext(LabelMap map)
    {
        Map = map;
        Own = Runs.Measure(map, c => (int)c);
        Face = Runs.Measure(map, c => c is SceneClass.Wall or SceneClass.Window or SceneClass.Door ? -1 : (int)c);
        (_sunX, _sunY, _sunRadius) = FindSun(map);
    }

    public LabelMap Map { get; }

    public int Size => Map.Size;

    /// <summary>Runs of each class on its own.</summary>
    public Runs Own { get; }

    /// <summary>Runs where wall, window and door count as one building face, so wall textures line up around openings.</summary>
    public Runs Face { get; }

    /// <summary>A texture period of <paramref name="pixelsAt64"/> pixels at 64×64, scaled with the image, at least <paramref name="minimum"/>.</summary>
    public int Texel(int pixelsAt64, int minimum) => Math.Max(minimum, (int)Math.Round(pixelsAt64 * Size / 64.0));

    /// <summary>0 to 1: how much the sun brightens (x, y); 0 without a sun.</summary>
    public float SunGlow(int x, int y)
    {
        if (_sunRadius <= 0) return 0;
        double dx = x + 0.5 - _sunX, dy = y + 0.5 - _sunY;
        double d = Math.Sqrt(dx * dx + dy * dy) / _sunRadius;
        return (float)Math.Exp(-0.5 * d * d / 4.0);
    }

    /// <summary>Whether a standing object lies up and to the left of (x, y) within the shadow length.</summary>
    public bool InShadow(int x, int y)
    {
        int length = Texel(3, 2);
        for (int d = 1; d <= length; d++)
        {
            if (CastsShadow(Map.At(x - d, y - d, SceneClass.Sky)))
                return true;
        }
        return false;
    }

    private static bool CastsShadow(SceneClass c) => c is not (SceneClass.Sky or SceneClass.Ground or SceneClass.Sun);

    private static (double X, double Y, double Radius) FindSun(LabelMap map)
    {
        double sx = 0, sy = 0;
        int count = 0;
        for (int y = 0; y < map.Size; y++)
        {
            for (int x = 0; x < map.Size; x++)
            {
                if (map[x, y] != SceneClass.Sun) continue;
                sx += x + 0.5;
                sy += y + 0.5;
                count++;
            }
        }
        return count == 0 ? (0, 0, 0) : (sx / count, sy / count, Math.Sqrt(count / Math.PI));
    }
}
