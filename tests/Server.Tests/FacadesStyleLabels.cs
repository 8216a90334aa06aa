using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Samples.Server.Tests;

/// <summary>
/// Label maps in the style of the facades dataset (the CMP Facade Database's 12-class palette: a facade with floors of
/// windows, sills, blinds, cornices, balconies, pillars and a door or shop front), seeded, so that a clean clone has
/// them without the dataset.
/// </summary>
internal static class FacadesStyleLabels
{
    private static readonly Scalar Background = Rgb(0, 0, 170), Facade = Rgb(0, 0, 255), Window = Rgb(0, 85, 255), Door = Rgb(0, 170, 255),
        Cornice = Rgb(0, 255, 255), Sill = Rgb(85, 255, 170), Balcony = Rgb(170, 255, 85), Blind = Rgb(255, 255, 0),
        Deco = Rgb(255, 170, 0), Molding = Rgb(255, 85, 0), Pillar = Rgb(255, 0, 0), Shop = Rgb(170, 0, 0);

    /// <summary>Label map number <paramref name="seed"/>, <paramref name="side"/>² BGR.</summary>
    public static Mat Create(int seed, int side = 256)
    {
        var rng = new Random(seed);
        var image = new Mat(side, side, MatType.CV_8UC3, Background);
        int left = rng.Next(0, side / 10), right = side - rng.Next(0, side / 10), top = rng.Next(0, side / 6);
        Fill(image, left, top, right, side, Facade);
        int floors = rng.Next(3, 7), columns = rng.Next(2, 6);
        double floorHeight = (side - top) / (double)floors, columnWidth = (right - left) / (double)columns;
        if (rng.Next(2) == 0)
            for (int c = 0; c <= columns; c++)
            {
                int x = left + (int)(c * columnWidth);
                Fill(image, x - 2, top, x + 2, side, Pillar);
            }
        for (int f = 0; f < floors; f++)
        {
            int y0 = top + (int)(f * floorHeight), y1 = top + (int)((f + 1) * floorHeight);
            Fill(image, left, y0, right, y0 + Math.Max(2, (int)(floorHeight * 0.08)), rng.Next(3) == 0 ? Molding : Cornice);
            bool ground = f == floors - 1;
            if (ground && rng.Next(2) == 0)
            {
                Fill(image, left + 4, y0 + (int)(floorHeight * 0.25), right - 4, y1, Shop);
                continue;
            }
            for (int c = 0; c < columns; c++)
            {
                int x0 = left + (int)(c * columnWidth), x1 = left + (int)((c + 1) * columnWidth);
                int wx0 = x0 + (int)(columnWidth * 0.25), wx1 = x1 - (int)(columnWidth * 0.25);
                int wy0 = y0 + (int)(floorHeight * 0.25), wy1 = y1 - (int)(floorHeight * 0.2);
                if (ground && c == columns / 2)
                {
                    Fill(image, wx0, wy0, wx1, y1, Door);
                    continue;
                }
                Fill(image, wx0, wy0, wx1, wy1, Window);
                if (rng.Next(3) == 0) Fill(image, wx0, wy0, wx1, wy0 + (wy1 - wy0) / 3, Blind);
                Fill(image, wx0 - 2, wy1, wx1 + 2, wy1 + 3, Sill);
                if (rng.Next(5) == 0) Fill(image, wx0 - 3, wy0 - 6, wx1 + 3, wy0 - 2, Deco);
            }
            if (!ground && rng.Next(3) == 0) Fill(image, left + 6, y1 - (int)(floorHeight * 0.2), right - 6, y1 - 2, Balcony);
        }
        return image;
    }

    /// <summary>Label map number <paramref name="seed"/>, encoded (".png" or ".jpg", as the facades files are).</summary>
    public static byte[] Encoded(int seed, string extension, int side = 256)
    {
        using Mat image = Create(seed, side);
        return ImageCodec.Encode(image, extension);
    }

    private static void Fill(Mat image, int x0, int y0, int x1, int y1, Scalar color) =>
        Cv2.Rectangle(image, new Rect(x0, y0, Math.Max(0, x1 - x0), Math.Max(0, y1 - y0)), color, -1);

    private static Scalar Rgb(int r, int g, int b) => new(b, g, r);
}
