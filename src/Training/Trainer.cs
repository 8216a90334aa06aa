using Pix2Pix.Training.Data;
using Pix2Pix.Training.Options;
using Pix2Pix.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>How a <see cref="Trainer.Run"/> ended.</summary>
public sealed record TrainResult(TrainingState State, bool Interrupted, string LatestCheckpoint, IReadOnlyList<(string Path, string Reason)> Skipped);

/// <summary>The official pix2pix training loop, with exact resume and a checkpoint on interruption.</summary>
public sealed class Trainer(TrainOptions o, ITrainingSink? sink = null, TrainKernels? kernels = null)
{
    /// <summary>Path of the rolling checkpoint that <c>--continue</c> resumes from.</summary>
    public string LatestPath => Path.Combine(o.RunDir, "latest.safetensors");

    public TrainResult Run(CancellationToken cancel = default)
    {
        var device = Devices.Resolve(o.Device);
        AtomicFile.RemoveLeftovers(o.RunDir, SearchOption.AllDirectories); // temporary files of saves that a kill interrupted
        set_num_threads(o.Threads);
        manual_seed(o.Seed);
        var train = PairedImageDataset.Open(o.Data, o.G.NetG.SizeMultiple);
        var validation = Validation.TryOpen(o);
        using var model = Pix2PixModel.Create(o, device, kernels);
        var state = o.Continue ? Resume(model) : new TrainingState { Epoch = o.EpochCount };
        var schedule = new LrSchedule(o) { PlateauState = (state.PlateauFactor, state.PlateauBest, state.PlateauBad) };
        var skipped = new List<(string, string)>();
        var lastGL1 = double.NaN;
        var itersPerEpoch = (train.Count + o.Data.BatchSize - 1) / o.Data.BatchSize;
        sink?.Started(state, itersPerEpoch);
        if (o.Continue)
            sink?.Message($"resumed {LatestPath} at epoch {state.Epoch}, iteration {state.EpochIter} (global iteration {state.Iteration})");

        for (var epoch = state.Epoch; epoch < o.EpochCount + o.TotalEpochs; epoch++)
        {
            var started = DateTime.UtcNow;
            var lr = o.Lr * schedule.Factor(epoch - o.EpochCount);
            model.SetLearningRate(lr);
            var resumeAt = epoch == state.Epoch ? state.EpochIter : 0;
            state = state with { Epoch = epoch, EpochIter = resumeAt, EpochDone = false };
            using (var loader = new DataLoader(train, o.Data, epoch, o.Seed))
            {
                foreach (var batch in loader.Batches().Skip(resumeAt))
                {
                    using var scope = NewDisposeScope();
                    var realA = tensor(batch.A, [batch.N, batch.InputNc, batch.Height, batch.Width]).to(device);
                    var realB = tensor(batch.B, [batch.N, batch.OutputNc, batch.Height, batch.Width]).to(device);
                    var losses = model.OptimizeParameters(realA, realB);
                    lastGL1 = losses.G_L1;
                    state = state with { EpochIter = state.EpochIter + 1, Iteration = state.Iteration + 1 };
                    sink?.Step(state, losses, lr);
                    if (cancel.IsCancellationRequested)
                    {
                        Save(LatestPath, model, state, schedule);
                        sink?.Message($"interrupted: saved {LatestPath} at epoch {epoch}, iteration {state.EpochIter}; resume with --continue");
                        return new TrainResult(state, true, LatestPath, skipped);
                    }
                    if (LatestDue(state)) SaveLatest(model, state, schedule);
                }
                skipped.AddRange(loader.Skipped);
            }
            state = state with { EpochDone = true };
            var metrics = validation?.Evaluate(model.NetG, device) ?? Validation.SamplesFrom(train, model.NetG, device, epoch);
            if (o.LrPolicy == LrPolicy.plateau) schedule.ObservePlateauMetric(metrics.ValL1 ?? lastGL1);
            Save(LatestPath, model, state, schedule);
            if (epoch % o.SaveEpochFreq == 0) Save(Path.Combine(o.RunDir, $"epoch_{epoch}.safetensors"), model, state, schedule);
            sink?.EpochEnd(new EpochSummary(epoch, (DateTime.UtcNow - started).TotalSeconds, lr, metrics));
            state = state with { Epoch = epoch + 1, EpochIter = 0, EpochDone = false };
        }
        return new TrainResult(state, false, LatestPath, skipped);
    }

    /// <summary>The official <c>--save_latest_freq</c>: every N global iterations, mid-epoch included.</summary>
    private bool LatestDue(TrainingState state) => o.SaveLatestFreq > 0 && state.Iteration % o.SaveLatestFreq == 0;

    /// <summary>Saves the state right after this iteration, as an interruption does, so <c>--continue</c> resumes exactly from here after a kill.</summary>
    private void SaveLatest(Pix2PixModel model, TrainingState state, LrSchedule schedule)
    {
        Save(LatestPath, model, state, schedule);
        sink?.Message($"saved {LatestPath} at epoch {state.Epoch}, iteration {state.EpochIter} (global iteration {state.Iteration})");
    }

    private TrainingState Resume(Pix2PixModel model)
    {
        var saved = Checkpoint.Restore(LatestPath, model);
        RandomState.Restore(saved.TorchRngState);
        return saved.EpochDone ? saved with { Epoch = saved.Epoch + 1, EpochIter = 0, EpochDone = false } : saved;
    }

    private void Save(string path, Pix2PixModel model, TrainingState state, LrSchedule schedule)
    {
        var (factor, best, bad) = schedule.PlateauState;
        Checkpoint.Save(path, o, model, state with
        {
            PlateauFactor = factor, PlateauBest = best, PlateauBad = bad,
            TorchRngState = RandomState.Capture(),
        });
    }
}
