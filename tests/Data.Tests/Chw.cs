namespace Pix2Pix.Data.Tests;

/// <summary>Helpers over CHW float planes.</summary>
internal static class Chw
{
    /// <summary>The size × size square at (x, y), mirrored left to right when <paramref name="flip"/>.</summary>
    public static float[] Window(float[] chw, int channels, int height, int width, int x, int y, int size, bool flip)
    {
        var window = new float[channels * size * size];
        for (int c = 0; c < channels; c++)
            for (int r = 0; r < size; r++)
                for (int col = 0; col < size; col++)
                {
                    int sourceCol = x + (flip ? size - 1 - col : col);
                    window[(c * size + r) * size + col] = chw[(c * height + y + r) * width + sourceCol];
                }
        return window;
    }

    /// <summary>Whether <paramref name="window"/> equals <see cref="Window"/> of the same arguments, stopping at the first difference.</summary>
    public static bool IsWindow(float[] chw, int channels, int height, int width, int x, int y, int size, bool flip, float[] window)
    {
        for (int c = 0; c < channels; c++)
            for (int r = 0; r < size; r++)
                for (int col = 0; col < size; col++)
                {
                    int sourceCol = x + (flip ? size - 1 - col : col);
                    if (window[(c * size + r) * size + col] != chw[(c * height + y + r) * width + sourceCol])
                        return false;
                }
        return true;
    }

    public static float[] Mirror(float[] chw, int channels, int height, int width)
    {
        var mirrored = new float[chw.Length];
        for (int c = 0; c < channels; c++)
            for (int r = 0; r < height; r++)
                for (int col = 0; col < width; col++)
                    mirrored[(c * height + r) * width + col] = chw[(c * height + r) * width + width - 1 - col];
        return mirrored;
    }
}
