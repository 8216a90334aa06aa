using System.Numerics;

namespace Pix2Pix.Training.Synthetic;

/// <summary>
/// Renders the "photo" (image B) of a label map. Every pixel is computed from the labels alone: a per-class
/// material colour, vertical lighting gradients within each region, textures (bricks, roof tiles, window panes,
/// door planks) anchored to region edges, a drop shadow cast down and to the right on the ground, a glow around
/// the sun and softened region borders. No randomness, so B is a deterministic function of A.
/// </summary>
internal static class PhotoShader
{
    private static readonly Vector3 White = new(255, 255, 255);

    public static byte[] Render(LabelMap map)
    {
        var context = new ShadingContext(map);
        int n = map.Size;
        var colors = new Vector3[n * n];
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
                colors[y * n + x] = Shade(context, x, y);
        }
        return Quantize(SoftenBorders(map, colors));
    }

    private static Vector3 Shade(ShadingContext c, int x, int y)
    {
        int i = y * c.Size + x;
        return c.Map.Classes[i] switch
        {
            SceneClass.Sky => Sky(c, x, y),
            SceneClass.Sun => Sun(c, x, y),
            SceneClass.Ground => Ground(c, x, y),
            SceneClass.Wall => Wall(c, i),
            SceneClass.Roof => Roof(c, i),
            SceneClass.Window => Window(c, i),
            SceneClass.Door => Door(c, i),
            SceneClass.Foliage => Foliage(c, i),
            SceneClass.Trunk => Trunk(c, i),
            _ => Vector3.Zero,
        };
    }

    private static Vector3 Sky(ShadingContext c, int x, int y)
    {
        float t = Math.Clamp(y / (0.75f * c.Size), 0, 1);
        var sky = Vector3.Lerp(new Vector3(55, 105, 190), new Vector3(190, 215, 238), t);
        return Vector3.Lerp(sky, new Vector3(255, 236, 190), c.SunGlow(x, y));
    }

    private static Vector3 Sun(ShadingContext c, int x, int y) =>
        Vector3.Lerp(new Vector3(255, 214, 120), new Vector3(255, 250, 225), c.SunGlow(x, y));

    private static Vector3 Ground(ShadingContext c, int x, int y)
    {
        float t = Math.Clamp((y - 0.5f * c.Size) / (0.5f * c.Size), 0, 1);
        var grass = Vector3.Lerp(new Vector3(125, 172, 82), new Vector3(50, 108, 38), t);
        return c.InShadow(x, y) ? grass * 0.6f : grass;
    }

    private static Vector3 Wall(ShadingContext c, int i)
    {
        var face = c.Face;
        int brickHeight = c.Texel(4, 3);
        int brickWidth = 2 * brickHeight;
        int row = face.Up[i] / brickHeight;
        int along = face.Left[i] + (row % 2 == 1 ? brickWidth / 2 : 0);
        bool mortar = face.Up[i] % brickHeight == brickHeight - 1 || along % brickWidth == brickWidth - 1;
        var color = mortar ? new Vector3(212, 200, 182) : new Vector3(178, 94, 66);
        float across = face.Left[i] / (float)face.Width(i);
        color *= 1.06f - 0.16f * across;
        return face.Up[i] < c.Texel(2, 1) ? color * 0.62f : color;
    }

    private static Vector3 Roof(ShadingContext c, int i)
    {
        var own = c.Own;
        float t = own.Up[i] / (float)own.Height(i);
        var color = Vector3.Lerp(new Vector3(168, 74, 52), new Vector3(116, 44, 34), t);
        int tile = c.Texel(3, 2);
        if (own.Up[i] % tile == tile - 1)
            color *= 0.72f;
        return own.Left[i] < own.Right[i] ? color * 1.08f : color * 0.9f;
    }

    private static Vector3 Window(ShadingContext c, int i)
    {
        var own = c.Own;
        var frame = new Vector3(238, 236, 226);
        int border = c.Texel(1, 1);
        if (own.Up[i] < border || own.Down[i] < border || own.Left[i] < border || own.Right[i] < border)
            return frame;
        int width = own.Width(i), height = own.Height(i);
        if (width >= 8 && (own.Left[i] == width / 2 || own.Up[i] == height / 2))
            return frame;
        float t = own.Up[i] / (float)height;
        var glass = Vector3.Lerp(new Vector3(38, 64, 108), new Vector3(96, 136, 176), t);
        return own.Left[i] + own.Up[i] == Math.Max(2, width / 2) ? Vector3.Lerp(glass, White, 0.55f) : glass;
    }

    private static Vector3 Door(ShadingContext c, int i)
    {
        var own = c.Own;
        if (own.Up[i] == 0 || own.Left[i] == 0 || own.Right[i] == 0)
            return new Vector3(62, 38, 24);
        if (own.Right[i] == c.Texel(2, 2) && own.Up[i] == own.Height(i) * 11 / 20)
            return new Vector3(236, 196, 80);
        var wood = new Vector3(124, 76, 42);
        return own.Left[i] % c.Texel(2, 2) == 0 ? wood * 0.82f : wood;
    }

    private static Vector3 Foliage(ShadingContext c, int i)
    {
        var own = c.Own;
        float ty = own.Up[i] / (float)own.Height(i);
        float tx = own.Left[i] / (float)own.Width(i);
        float light = 1.25f - 0.55f * (0.6f * ty + 0.4f * tx);
        return new Vector3(58, 124, 48) * light;
    }

    private static Vector3 Trunk(ShadingContext c, int i)
    {
        var own = c.Own;
        var bark = new Vector3(104, 70, 44);
        return own.Left[i] < own.Right[i] ? bark : bark * 0.72f;
    }

    private static Vector3[] SoftenBorders(LabelMap map, Vector3[] colors)
    {
        int n = map.Size;
        var result = (Vector3[])colors.Clone();
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                var own = map[x, y];
                var sum = Vector3.Zero;
                int count = 0;
                bool border = false;
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = x + dx, ny = y + dy;
                        if ((uint)nx >= (uint)n || (uint)ny >= (uint)n) continue;
                        border |= map[nx, ny] != own;
                        sum += colors[ny * n + nx];
                        count++;
                    }
                }
                if (border)
                    result[y * n + x] = Vector3.Lerp(colors[y * n + x], sum / count, 0.4f);
            }
        }
        return result;
    }

    private static byte[] Quantize(Vector3[] colors)
    {
        var rgb = new byte[colors.Length * 3];
        for (int i = 0; i < colors.Length; i++)
        {
            var c = Vector3.Clamp(colors[i], Vector3.Zero, White);
            rgb[3 * i] = (byte)MathF.Round(c.X);
            rgb[3 * i + 1] = (byte)MathF.Round(c.Y);
            rgb[3 * i + 2] = (byte)MathF.Round(c.Z);
        }
        return rgb;
    }
}
