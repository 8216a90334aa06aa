using System.Diagnostics;
using Pix2Pix.Training.Options;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Training;

/// <summary>
/// The standard <see cref="ITrainingSink"/>: live progress on the console, <c>loss_log.jsonl</c> every
/// print_freq iterations, and after each epoch a sample grid, the loss plot and <c>web/index.html</c>.
/// </summary>
public sealed class RunReporter(TrainOptions o, ProgressSettings? progressSettings = null) : ITrainingSink
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private LossLog? _log;
    private TrainingReport? _report;
    private TrainingProgress? _progress;

    /// <summary>The report page of this run.</summary>
    public string ReportPath => Path.Combine(o.RunDir, "web", "index.html");

    public void Started(TrainingState state, int itersPerEpoch)
    {
        Directory.CreateDirectory(o.RunDir);
        _log = LossLog.Open(o.RunDir);
        _report = new TrainingReport(o.RunDir, o.Name, OptionsJson.Serialize(o));
        if (o.Continue)
        {
            _log.TruncateAfter(state.Iteration);
            _report.RemoveEpochsAfter(state.Epoch - 1);
        }
        _progress = TrainingProgress.Start(o.EpochCount + o.TotalEpochs - 1, itersPerEpoch, progressSettings);
    }

    public void Step(TrainingState state, StepLosses losses, double learningRate)
    {
        _progress?.Update(state.Epoch, state.EpochIter, losses, learningRate);
        if (state.Iteration == 1 || state.Iteration % o.PrintFreq == 0)
            _log?.Append(StepRecord.From(state.Epoch, state.Iteration, state.EpochIter, _clock.Elapsed.TotalSeconds, learningRate, losses));
    }

    public void EpochEnd(EpochSummary summary)
    {
        if (_log is null || _report is null) return;
        Dictionary<string, double>? metrics = null;
        if (summary.Metrics.ValL1 is { } l1 && summary.Metrics.ValPsnr is { } psnr)
        {
            _log.Append(new ValidationRecord(summary.Epoch, LastIteration(), l1, psnr));
            metrics = new() { ["val_L1"] = l1, ["val_PSNR"] = psnr };
        }
        var rows = summary.Metrics.Samples
            .Select((s, i) => new SampleRow($"epoch {summary.Epoch} · #{i + 1}",
                new ChwImage(s.RealA, s.InputNc, s.Height, s.Width),
                new ChwImage(s.FakeB, s.OutputNc, s.Height, s.Width),
                new ChwImage(s.RealB, s.OutputNc, s.Height, s.Width)))
            .ToList();
        if (rows.Count > 0)
        {
            using var grid = SampleGrid.Compose(rows);
            _report.AddEpoch(summary.Epoch, grid, metrics);
        }
        _report.Write(LossLog.Read(_log.Path));
        var val = metrics is null ? "" : $", val L1 {metrics["val_L1"]:F4}, val PSNR {metrics["val_PSNR"]:F2} dB";
        _progress?.Message($"epoch {summary.Epoch} done in {summary.Seconds:F1} s (lr {summary.LearningRate:G3}{val})");
    }

    public void Message(string text) => _progress?.Message(text);

    private long LastIteration() => LossLog.Read(_log!.Path).OfType<StepRecord>().LastOrDefault()?.Iter ?? 0;

    public void Dispose()
    {
        _progress?.Dispose();
        _log?.Dispose();
    }
}
