namespace Pix2Pix.Training.Synthetic;

/// <summary>
/// Lays out one random little scene (sky, ground, an optional sun, one or two houses with roof, windows and door,
/// and a few trees) and paints it into a <see cref="LabelMap"/>. Geometry is drawn from the seed in unit
/// coordinates, so every image size shows the same scene.
/// </summary>
internal static class SceneGenerator
{
    public static LabelMap Generate(int index, SyntheticOptions options)
    {
        var rng = SplitMix64.ForScene(options.Seed, index);
        var map = new LabelMap(options.Size);
        double horizon = rng.Range(0.55, 0.75);
        map.FillRows(0, horizon, SceneClass.Sky);
        map.FillRows(horizon, 1, SceneClass.Ground);
        if (rng.Chance(0.6))
            map.FillCircle(rng.Range(0.1, 0.9), rng.Range(0.08, 0.25), rng.Range(0.05, 0.08), SceneClass.Sun);

        var houses = PlaceHouses(ref rng, horizon);
        var props = houses.Select(h => (h.Base, (Action<LabelMap>)h.Paint)).ToList();
        int trees = 1 + rng.Below(3);
        for (int i = 0; i < trees; i++)
        {
            if (PlaceTree(ref rng, horizon, houses) is { } tree)
                props.Add((tree.Base, tree.Paint));
        }
        foreach (var (_, paint) in props.OrderBy(p => p.Base))
            paint(map);
        return map;
    }

    private static List<House> PlaceHouses(ref SplitMix64 rng, double horizon)
    {
        var houses = new List<House>();
        if (rng.Chance(0.35))
        {
            double split = rng.Range(0.45, 0.55);
            houses.Add(House.Random(ref rng, horizon, 0.04, split - 0.02));
            houses.Add(House.Random(ref rng, horizon, split + 0.02, 0.96));
        }
        else
        {
            houses.Add(House.Random(ref rng, horizon, 0.08, 0.92));
        }
        return houses;
    }

    /// <summary>A tree clear of every house, so that walls are never cut and their textures stay anchored to the wall edges.</summary>
    private static Tree? PlaceTree(ref SplitMix64 rng, double horizon, IReadOnlyList<House> houses)
    {
        for (int attempt = 0; attempt < 12; attempt++)
        {
            var tree = Tree.Random(ref rng, horizon);
            if (!houses.Any(h => h.Bounds.Overlaps(tree.Bounds, 0.015)))
                return tree;
        }
        return null;
    }

    private readonly record struct Box(double L, double T, double R, double B)
    {
        public bool Overlaps(Box o, double margin) =>
            L < o.R + margin && o.L < R + margin && T < o.B + margin && o.T < B + margin;
    }

    private sealed record Tree(double X, double Base, double Radius, double Height)
    {
        public static Tree Random(ref SplitMix64 rng, double horizon)
        {
            double radius = rng.Range(0.06, 0.1);
            return new Tree(rng.Range(0.03, 0.97), rng.Range(horizon + 0.03, 0.97), radius, rng.Range(2.2, 3.2) * radius);
        }

        public Box Bounds => new(X - Radius, Base - Height, X + Radius, Base);

        public void Paint(LabelMap map)
        {
            double crown = Base - Height + Radius;
            map.FillRect(X - 0.018, crown, X + 0.018, Base, SceneClass.Trunk);
            map.FillCircle(X, crown, Radius, SceneClass.Foliage);
        }
    }

    private sealed record House(double Left, double Right, double Top, double Base, double RoofTop, double Ridge,
        IReadOnlyList<Box> Windows, Box Door)
    {
        private const double Overhang = 0.03;

        public Box Bounds => new(Left - Overhang, RoofTop, Right + Overhang, Base);

        public static House Random(ref SplitMix64 rng, double horizon, double minX, double maxX)
        {
            double room = maxX - minX;
            double width = Math.Min(room, rng.Range(0.3, 0.5));
            double left = minX + rng.Range(0, room - width);
            double right = left + width;
            double baseY = rng.Range(horizon + 0.04, horizon + 0.14);
            double top = baseY - rng.Range(0.22, 0.34);
            double roofTop = top - rng.Range(0.1, 0.2);
            double ridge = rng.Chance(0.5) ? 0 : rng.Range(0.3, 0.6) * width;

            double doorWidth = rng.Range(0.08, 0.1);
            double doorHeight = rng.Range(0.14, 0.17);
            double doorLeft = left + rng.Range(0.1, 0.9) * (width - doorWidth);
            var door = new Box(doorLeft, baseY - doorHeight, doorLeft + doorWidth, baseY);

            int columns = Math.Clamp((int)(width / 0.13), 1, 3);
            int rows = baseY - top > 0.27 ? 2 : 1;
            double windowSize = rng.Range(0.075, 0.095);
            var windows = new List<Box>();
            for (int r = 0; r < rows; r++)
            {
                double wy = top + 0.05 + r * (windowSize + 0.05);
                for (int c = 0; c < columns; c++)
                {
                    double wx = left + (c + 0.5) * width / columns - windowSize / 2;
                    var window = new Box(wx, wy, wx + windowSize, wy + windowSize);
                    if (!window.Overlaps(door, 0.02))
                        windows.Add(window);
                }
            }
            return new House(left, right, top, baseY, roofTop, ridge, windows, door);
        }

        public void Paint(LabelMap map)
        {
            map.FillRect(Left, Top, Right, Base, SceneClass.Wall);
            map.FillRoof(Left - Overhang, Right + Overhang, (Left + Right) / 2, Ridge, RoofTop, Top, SceneClass.Roof);
            foreach (var (l, t, r, b) in Windows)
                map.FillRect(l, t, r, b, SceneClass.Window);
            map.FillRect(Door.L, Door.T, Door.R, Door.B, SceneClass.Door);
        }
    }
}
