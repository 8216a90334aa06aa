namespace Pix2Pix.Training.Synthetic;

/// <summary>
/// The semantic classes of a synthetic scene. Each is drawn in the label image (A) with one flat colour
/// from <see cref="SyntheticPalette"/>.
/// </summary>
public enum SceneClass : byte
{
    Sky,
    Ground,
    Wall,
    Roof,
    Window,
    Door,
    Foliage,
    Trunk,
    Sun,
}
