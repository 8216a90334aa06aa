namespace Pix2Pix.Training.Synthetic;

/// <summary>
/// For every pixel, how far its region extends in each direction: a region is a run of pixels whose group
/// (the result of a grouping function on the class) is the same as the pixel's.
/// </summary>
internal sealed class Runs
{
    private Runs(int length)
    {
        Up = new int[length];
        Down = new int[length];
        Left = new int[length];
        Right = new int[length];
    }

    /// <summary>Same-group pixels directly above, not counting the pixel itself.</summary>
    public int[] Up { get; }

    public int[] Down { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    public int Height(int i) => Up[i] + Down[i] + 1;

    public int Width(int i) => Left[i] + Right[i] + 1;

    public static Runs Measure(LabelMap map, Func<SceneClass, int> group)
    {
        int n = map.Size;
        var runs = new Runs(n * n);
        var groups = new int[n * n];
        for (int i = 0; i < groups.Length; i++)
            groups[i] = group(map.Classes[i]);
        for (int y = 0; y < n; y++)
        {
            for (int x = 0; x < n; x++)
            {
                int i = y * n + x;
                runs.Up[i] = y > 0 && groups[i - n] == groups[i] ? runs.Up[i - n] + 1 : 0;
                runs.Left[i] = x > 0 && groups[i - 1] == groups[i] ? runs.Left[i - 1] + 1 : 0;
            }
        }
        for (int y = n - 1; y >= 0; y--)
        {
            for (int x = n - 1; x >= 0; x--)
            {
                int i = y * n + x;
                runs.Down[i] = y < n - 1 && groups[i + n] == groups[i] ? runs.Down[i + n] + 1 : 0;
                runs.Right[i] = x < n - 1 && groups[i + 1] == groups[i] ? runs.Right[i + 1] + 1 : 0;
            }
        }
        return runs;
    }
}
