namespace Pix2Pix.Training.Options;

/// <summary>
/// The official schedulers as a multiplicative factor of the initial rate, stepped once per epoch
/// (<c>epoch</c> counts completed scheduler steps from 0, as PyTorch's LambdaLR does).
/// </summary>
public sealed class LrSchedule(TrainOptions o)
{
    private double _plateauFactor = 1.0, _plateauBest = double.PositiveInfinity;
    private int _plateauBad;

    /// <summary>Factor for the epoch after <paramref name="epoch"/> completed steps.</summary>
    public double Factor(int epoch) => o.LrPolicy switch
    {
        // lr_l = 1 − max(0, epoch + epoch_count − n_epochs) / (n_epochs_decay + 1)
        LrPolicy.linear => 1.0 - Math.Max(0, epoch + o.EpochCount - o.NEpochs) / (double)(o.NEpochsDecay + 1),
        // StepLR(step_size = lr_decay_iters, gamma = 0.1)
        LrPolicy.step => Math.Pow(0.1, epoch / o.LrDecayIters),
        // CosineAnnealingLR(T_max = n_epochs, eta_min = 0)
        LrPolicy.cosine => (1 + Math.Cos(Math.PI * epoch / o.NEpochs)) / 2,
        LrPolicy.plateau => _plateauFactor,
        _ => throw new ArgumentOutOfRangeException(nameof(o)),
    };

    /// <summary>
    /// ReduceLROnPlateau(mode min, factor 0.2, threshold 0.01 relative, patience 5), fed the epoch's metric
    /// (the official feeds 0 as the metric, which never improves; we feed the generator's L1).
    /// </summary>
    public void ObservePlateauMetric(double metric)
    {
        if (metric < _plateauBest * (1 - 0.01)) { _plateauBest = metric; _plateauBad = 0; return; }
        if (++_plateauBad > 5) { _plateauFactor *= 0.2; _plateauBad = 0; }
    }

    /// <summary>Plateau state for checkpoints.</summary>
    public (double Factor, double Best, int Bad) PlateauState
    {
        get => (_plateauFactor, _plateauBest, _plateauBad);
        set => (_plateauFactor, _plateauBest, _plateauBad) = value;
    }
}
