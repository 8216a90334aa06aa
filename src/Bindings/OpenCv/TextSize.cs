namespace Pix2Pix.OpenCv;

/// <summary>Extent of a text line: <see cref="Height"/> is above the baseline, <see cref="Baseline"/> below it.</summary>
public readonly record struct TextSize(int Width, int Height, int Baseline);
