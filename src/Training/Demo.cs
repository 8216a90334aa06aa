using Pix2Pix.Training.Data;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;
using Pix2Pix.Training.Reports;
using Pix2Pix.Training.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>Size of the embedded-default run.</summary>
/// <param name="Size">Side of the synthetic images.</param>
/// <param name="TrainCount">Training pairs generated.</param>
/// <param name="Epochs">Epochs at the initial learning rate; as many again decay it to zero.</param>
public sealed record DemoOptions(string Root = "runs/demo", int Size = 64, int TrainCount = 320, int ValCount = 16, int TestCount = 32,
                                 int Epochs = 2, int BatchSize = 1, int Ngf = 32, long Seed = 1, int Threads = 0);

/// <summary>Scores of the untrained and the trained generator on the held-out synthetic test split.</summary>
public sealed record DemoResult(EvaluationSummary Untrained, EvaluationSummary Trained, string ReportPath, string ResultsPath, string Checkpoint)
{
    /// <summary>The demo's promise: L1 at most half of the untrained one and PSNR ≥ 20 dB.</summary>
    public bool Learned => Trained.L1 <= Untrained.L1 / 2 && Trained.Psnr >= 20;
}

/// <summary>
/// The embedded default: generate procedural label-map → rendered-scene pairs, train a small U-Net on them
/// and score it on held-out pairs against the same network untrained.
/// </summary>
public static class Demo
{
    public static TrainOptions Options(DemoOptions d)
    {
        var netG = NetGKind.Unet(int.Log2(d.Size));
        return new TrainOptions
        {
            Name = "demo", CheckpointsDir = Path.Combine(d.Root, "checkpoints"),
            Data = new DataOptions
            {
                Dataroot = Path.Combine(d.Root, "data"), Direction = Direction.AtoB, LoadSize = d.Size + d.Size / 8, CropSize = d.Size,
                Preprocess = Preprocess.resize_and_crop, BatchSize = d.BatchSize,
            },
            G = new GeneratorOptions { NetG = netG, Ngf = d.Ngf },
            D = new DiscriminatorOptions { Ndf = d.Ngf },
            NEpochs = d.Epochs, NEpochsDecay = d.Epochs, SaveEpochFreq = int.MaxValue, Seed = d.Seed,
            Threads = d.Threads > 0 ? d.Threads : Environment.ProcessorCount, PrintFreq = 20, Device = "auto",
        };
    }

    /// <summary>Where the demo writes the held-out pairs' label maps alone, for trying <c>pix2pix convert</c>.</summary>
    public static string LabelsFolder(DemoOptions d) => Path.Combine(d.Root, "labels");

    public static DemoResult Run(DemoOptions d, ITrainingSink? sink = null, CancellationToken cancel = default)
    {
        if ((d.Size & (d.Size - 1)) != 0 || d.Size < 32) throw new ArgumentException($"demo size {d.Size} must be a power of two ≥ 32");
        var o = Options(d);
        var synthetic = new SyntheticOptions(d.Size, d.TrainCount + d.ValCount + d.TestCount, d.Seed);
        SyntheticPairs.WriteAligned(o.Data.Dataroot, synthetic, d.TrainCount, d.ValCount, d.TestCount);
        SyntheticPairs.WriteLabels(LabelsFolder(d), synthetic, d.TrainCount + d.ValCount, d.TestCount);
        var test = PairedImageDataset.Open(o.Data.ForTest("test"), o.G.NetG.SizeMultiple);
        var device = Devices.Resolve(o.Device);
        set_num_threads(o.Threads);

        manual_seed(o.Seed);
        EvaluationSummary untrained;
        using (var fresh = NetworkFactory.CreateGenerator(o.G, o.InitType, o.InitGain))
        {
            fresh.to(device);
            untrained = Evaluation.Run(fresh, test, device);
        }

        var result = new Trainer(o, sink).Run(cancel);
        var (_, netG) = Checkpoint.LoadGenerator(result.LatestCheckpoint);
        using (netG)
        {
            netG.to(device);
            var page = new ResultsPage(ResultsPage.DirectoryFor(Path.Combine(d.Root, "results"), o.Name), "demo — held-out synthetic pairs");
            var trained = Evaluation.Run(netG, test, device, page: page);
            return new DemoResult(untrained, trained, Path.Combine(o.RunDir, "web", "index.html"), trained.ResultsPage!, result.LatestCheckpoint);
        }
    }
}
