using System.Globalization;
using Pix2Pix.Benchmarks;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>
/// The facades label maps (right halves of <c>shared/data/facades/train/*.jpg</c>, 256×256) written once as PNG files into
/// a temporary folder, for the benchmarks that read images from disk. <c>PIX2PIX_BENCH_IMAGES</c> takes fewer (smoke runs),
/// <c>PIX2PIX_FACADES</c> points at another copy of the training pairs.
/// </summary>
public static class FacadesLabelFiles
{
    /// <summary>How many label maps a run uses: all 400 unless <c>PIX2PIX_BENCH_IMAGES</c> says otherwise.</summary>
    public static int Count { get; } = int.TryParse(Environment.GetEnvironmentVariable("PIX2PIX_BENCH_IMAGES"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 400;

    private static IReadOnlyList<string>? _paths;

    /// <summary>The PNG files of the first <see cref="Count"/> label maps, in the pairs' numeric order.</summary>
    public static IReadOnlyList<string> Paths()
    {
        if (_paths is not null) return _paths;
        string data = Environment.GetEnvironmentVariable("PIX2PIX_FACADES") is { Length: > 0 } d ? d : FacadesLabels.DefaultFolder();
        var pairs = FacadesLabels.Pairs(data);
        if (pairs.Count < Count) throw new InvalidOperationException($"{Count} label maps asked for, {pairs.Count} pairs in '{data}'");
        var taken = pairs.Take(Count).ToList();
        string folder = Path.Combine(Path.GetTempPath(), "pix2pix-latency-facades-labels", Count.ToString(CultureInfo.InvariantCulture));
        var paths = taken.Select(p => Path.Combine(folder, Path.GetFileNameWithoutExtension(p) + ".png")).ToList();
        if (!paths.All(File.Exists)) FacadesLabels.WritePngs(taken, folder);
        return _paths = paths;
    }
}
