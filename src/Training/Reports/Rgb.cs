using OpenCvSharp;

namespace Pix2Pix.Training.Reports;

/// <summary>A report colour, given in RGB order.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb White => new(255, 255, 255);

    /// <summary>The colour as an OpenCV scalar for a BGR Mat.</summary>
    public Scalar ToScalar() => new(B, G, R);
}
