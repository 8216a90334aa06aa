namespace Pix2Pix.Training.Synthetic;

/// <summary>
/// The flat label colours of image A (RGB), one per <see cref="SceneClass"/>:
/// <list type="table">
/// <listheader><term>class</term><description>colour (R, G, B)</description></listheader>
/// <item><term>Sky</term><description>(0, 120, 255) blue</description></item>
/// <item><term>Ground</term><description>(0, 200, 70) green</description></item>
/// <item><term>Wall</term><description>(255, 140, 0) orange</description></item>
/// <item><term>Roof</term><description>(220, 0, 40) red</description></item>
/// <item><term>Window</term><description>(0, 230, 230) cyan</description></item>
/// <item><term>Door</term><description>(150, 40, 220) purple</description></item>
/// <item><term>Foliage</term><description>(120, 255, 0) lime</description></item>
/// <item><term>Trunk</term><description>(120, 60, 0) brown</description></item>
/// <item><term>Sun</term><description>(255, 255, 0) yellow</description></item>
/// </list>
/// </summary>
public static class SyntheticPalette
{
    private static readonly (byte R, byte G, byte B)[] Colors =
    [
        (0, 120, 255),
        (0, 200, 70),
        (255, 140, 0),
        (220, 0, 40),
        (0, 230, 230),
        (150, 40, 220),
        (120, 255, 0),
        (120, 60, 0),
        (255, 255, 0),
    ];

    /// <summary>Every class, in palette order.</summary>
    public static IReadOnlyList<SceneClass> Classes { get; } = Enum.GetValues<SceneClass>();

    /// <summary>The label colour of <paramref name="sceneClass"/>.</summary>
    public static (byte R, byte G, byte B) ColorOf(SceneClass sceneClass) => Colors[(int)sceneClass];

    /// <summary>The class whose label colour is exactly (r, g, b), if any.</summary>
    public static bool TryClassify(byte r, byte g, byte b, out SceneClass sceneClass)
    {
        for (int i = 0; i < Colors.Length; i++)
        {
            if (Colors[i] == (r, g, b))
            {
                sceneClass = (SceneClass)i;
                return true;
            }
        }
        sceneClass = default;
        return false;
    }
}
