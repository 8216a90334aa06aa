namespace Pix2Pix.OpenCv;

/// <summary>A pixel position: <see cref="X"/> is the column, <see cref="Y"/> the row.</summary>
public readonly record struct Point(int X, int Y);
