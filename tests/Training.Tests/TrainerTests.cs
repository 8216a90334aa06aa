using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;
using Pix2Pix.Training.Synthetic;

namespace Pix2Pix.Training.Tests;

/// <summary>The training loop end to end at tiny size: determinism, exact resume, checkpoints, reports.</summary>
public sealed class TrainerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"p2p-train-{Guid.NewGuid():N}");

    public TrainerTests() => SyntheticPairs.WriteAligned(Path.Combine(_root, "data"), new SyntheticOptions(64, 14, 5), 10, 2, 2);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    private TrainOptions Options(string name, GanMode gan = GanMode.vanilla) => new()
    {
        Name = name, CheckpointsDir = Path.Combine(_root, "checkpoints"),
        Data = new DataOptions { Dataroot = Path.Combine(_root, "data"), LoadSize = 72, CropSize = 64, BatchSize = 3, NumWorkers = 2 },
        G = new GeneratorOptions { NetG = NetGKind.Unet(6), Ngf = 4 }, // one dropout block: resume must restore the RNG
        D = new DiscriminatorOptions { Ndf = 4, NetD = NetDKind.n_layers, NLayers = 2 },
        NEpochs = 2, NEpochsDecay = 1, Seed = 7, Threads = 1, GanMode = gan, SaveEpochFreq = 2,
    };

    [Fact]
    public void SameSeedAndThreadsGiveBitIdenticalLosses()
    {
        var a = Train(Options("a"));
        var b = Train(Options("b"));
        Assert.Equal(12, a.Count);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(2, 4)] // stop after the last batch of epoch 2, before its end-of-epoch work
    [InlineData(2, 1)] // stop in the middle of epoch 2
    [InlineData(1, 4)]
    public void StopAndContinueGivesTheSameLossesAsOneRun(int stopEpoch, int stopIter)
    {
        var straight = Train(Options("straight"));

        using var cancel = new CancellationTokenSource();
        var first = Train(Options("resumed"), (epoch, iter) => { if (epoch == stopEpoch && iter == stopIter) cancel.Cancel(); }, cancel.Token, expectInterrupted: true);
        var rest = Train(Options("resumed") with { Continue = true });

        Assert.Equal(straight, first.Concat(rest).ToList());
    }

    [Theory]
    [InlineData(5)] // epoch 2, iteration 1 of 4
    [InlineData(3)] // epoch 1, iteration 3: the first save, before any epoch end
    public void LatestSavedEverySaveLatestFreqResumesExactly(int freq)
    {
        var straight = Train(Options("straight"));

        // Keep the first mid-epoch latest as it was, as if the process had been killed right after writing it.
        var o = Options("periodic") with { SaveLatestFreq = freq };
        var copy = Options("copy");
        var saves = new List<string>();
        var all = Train(o, onMessage: m =>
        {
            saves.Add(m);
            if (saves.Count == 1) { Directory.CreateDirectory(copy.RunDir); File.Copy(Path.Combine(o.RunDir, "latest.safetensors"), Path.Combine(copy.RunDir, "latest.safetensors")); }
        });
        Assert.Equal(straight, all);
        Assert.Equal(12 / freq, saves.Count);
        Assert.All(saves, m => Assert.StartsWith($"saved {Path.Combine(o.RunDir, "latest.safetensors")} at epoch ", m));

        var rest = Train(copy with { Continue = true });
        Assert.Equal(straight, straight.Take(freq).Concat(rest).ToList());
    }

    [Fact]
    public void SaveLatestFreqZeroSavesOnlyAtEpochEndsAndNegativeIsRejected()
    {
        var messages = new List<string>();
        Train(Options("zero") with { SaveLatestFreq = 0 }, onMessage: messages.Add);
        Assert.Empty(messages);
        var error = Assert.Throws<ArgumentException>(() => OptionChecks.Validate(Options("negative") with { SaveLatestFreq = -1 }));
        Assert.Contains("--save_latest_freq -1", error.Message);
        Assert.Equal(5000, Options("default").SaveLatestFreq); // the official default
    }

    [Fact]
    public void CheckpointsAreWrittenEverySaveEpochFreqAndLatest()
    {
        var o = Options("files");
        Train(o);
        Assert.True(File.Exists(Path.Combine(o.RunDir, "latest.safetensors")));
        Assert.True(File.Exists(Path.Combine(o.RunDir, "epoch_2.safetensors")));
        Assert.False(File.Exists(Path.Combine(o.RunDir, "epoch_1.safetensors")));
        Assert.Equal(o.G.NetG, Checkpoint.ReadOptions(Path.Combine(o.RunDir, "latest.safetensors")).G.NetG);
        var (g, net) = Checkpoint.LoadGenerator(Path.Combine(o.RunDir, "latest.safetensors"));
        using (net) Assert.Equal(4, g.Ngf);
        Assert.Empty(Directory.GetFiles(o.RunDir, "*.tmp*"));
    }

    [Fact]
    public void WganGpAppliesTheGradientPenalty()
    {
        var losses = Train(Options("wgangp", GanMode.wgangp), recordPenalty: true);
        Assert.All(losses, l => Assert.True(l.D_GP > 0 && double.IsFinite(l.D_GP), $"penalty {l.D_GP}"));
    }

    [Fact]
    public void ReportAndLossLogAreWritten()
    {
        var o = Options("report");
        using (var reporter = new RunReporter(o, new Reports.ProgressSettings { Interactive = false, PlainOutput = TextWriter.Null }))
            new Trainer(o, reporter).Run();
        var html = File.ReadAllText(Path.Combine(o.RunDir, "web", "index.html"));
        Assert.Contains("epoch003.png", html);
        Assert.True(File.Exists(Path.Combine(o.RunDir, "web", "images", "epoch001.png")));
        var records = Reports.LossLog.Read(Path.Combine(o.RunDir, "loss_log.jsonl"));
        Assert.Equal(3, records.OfType<Reports.ValidationRecord>().Count());
        Assert.NotEmpty(records.OfType<Reports.StepRecord>());
    }

    private List<StepLosses> Train(TrainOptions o, Action<int, int>? afterStep = null, CancellationToken cancel = default,
                                   bool expectInterrupted = false, bool recordPenalty = false, Action<string>? onMessage = null)
    {
        var sink = new RecordingSink(afterStep, onMessage);
        var result = new Trainer(o, sink).Run(cancel);
        Assert.Equal(expectInterrupted, result.Interrupted);
        return recordPenalty ? sink.Losses : sink.Losses.Select(l => l with { D_GP = 0 }).ToList();
    }

    private sealed class RecordingSink(Action<int, int>? afterStep, Action<string>? onMessage) : ITrainingSink
    {
        public List<StepLosses> Losses { get; } = [];
        public void Started(TrainingState state, int itersPerEpoch) { }
        public void Step(TrainingState state, StepLosses losses, double learningRate)
        {
            Losses.Add(losses);
            afterStep?.Invoke(state.Epoch, state.EpochIter);
        }
        public void EpochEnd(EpochSummary summary) { }
        public void Message(string text) => onMessage?.Invoke(text);
        public void Dispose() { }
    }
}
