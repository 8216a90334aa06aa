using System.Globalization;

namespace Pix2Pix.Training.Reports;

/// <summary>Where training stands at one <see cref="TrainingProgress.Update"/>.</summary>
internal sealed record ProgressSnapshot(
    int Epoch, int TotalEpochs, int EpochIter, int ItersPerEpoch, long Done, long Total,
    double ItersPerSecond, TimeSpan Elapsed, StepLosses Losses, double Lr)
{
    public double EpochFraction => ItersPerEpoch == 0 ? 1 : Math.Clamp((double)EpochIter / ItersPerEpoch, 0, 1);

    public double TotalFraction => Total == 0 ? 1 : Math.Clamp((double)Done / Total, 0, 1);

    public TimeSpan? EpochEta => Eta(ItersPerEpoch - EpochIter);

    public TimeSpan? TotalEta => Eta(Total - Done);

    public string Rate => double.IsFinite(ItersPerSecond) && ItersPerSecond > 0
        ? ItersPerSecond.ToString(ItersPerSecond >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " it/s"
        : "-- it/s";

    public static string Duration(TimeSpan? span) => span is not { } s ? "--:--:--"
        : s.TotalDays >= 1 ? $"{(int)s.TotalDays}d {s:hh\\:mm\\:ss}" : s.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    public static string Loss(double value) => !double.IsFinite(value) ? value.ToString(CultureInfo.InvariantCulture)
        : value.ToString(Math.Abs(value) >= 10 ? "0.00" : "0.000", CultureInfo.InvariantCulture);

    public static string LearningRate(double value) => value.ToString("0.00e+00", CultureInfo.InvariantCulture);

    /// <summary>The whole state on one line, for logs.</summary>
    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"epoch {Epoch}/{TotalEpochs}  iter {EpochIter}/{ItersPerEpoch} ({EpochFraction * 100:0}%)  total {TotalFraction * 100:0.0}%  {Rate}  " +
        $"elapsed {Duration(Elapsed)}  ETA {Duration(TotalEta)} | G_GAN {Loss(Losses.G_GAN)} G_L1 {Loss(Losses.G_L1)} " +
        $"D_real {Loss(Losses.D_real)} D_fake {Loss(Losses.D_fake)} | lr {LearningRate(Lr)}");

    private TimeSpan? Eta(long remaining) =>
        remaining <= 0 ? TimeSpan.Zero
        : double.IsFinite(ItersPerSecond) && ItersPerSecond > 0 ? TimeSpan.FromSeconds(Math.Min(remaining / ItersPerSecond, TimeSpan.MaxValue.TotalSeconds / 2))
        : null;
}
