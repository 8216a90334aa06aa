using Pix2Pix.Training.Networks;

namespace Pix2Pix.Training.Options;

/// <summary>Which side of a pair is the input (official <c>--direction</c>).</summary>
public enum Direction { AtoB, BtoA }

/// <summary>How images are scaled and cropped before training (official <c>--preprocess</c>).</summary>
public enum Preprocess { resize_and_crop, crop, scale_width, scale_width_and_crop, none }

/// <summary>Learning-rate schedule (official <c>--lr_policy</c>).</summary>
public enum LrPolicy { linear, step, plateau, cosine }

/// <summary>What to do with an image that cannot be read.</summary>
public enum BadImagePolicy { skip, fail }

/// <summary>Where and how pairs are read (official dataset options).</summary>
public sealed record DataOptions
{
    /// <summary>Root folder: aligned layout (<c>train/</c>, <c>val/</c>, <c>test/</c> of A|B images) or paired folders (<c>A/</c>, <c>B/</c>).</summary>
    public required string Dataroot { get; init; }
    public string Phase { get; init; } = "train";
    public Direction Direction { get; init; } = Direction.AtoB;
    public int InputNc { get; init; } = 3;
    public int OutputNc { get; init; } = 3;
    public int LoadSize { get; init; } = 286;
    public int CropSize { get; init; } = 256;
    public Preprocess Preprocess { get; init; } = Preprocess.resize_and_crop;
    public bool NoFlip { get; init; }
    public int MaxDatasetSize { get; init; } = int.MaxValue;
    public bool SerialBatches { get; init; }
    public int BatchSize { get; init; } = 1;
    /// <summary>Worker threads that decode and jitter ahead of the training loop.</summary>
    public int NumWorkers { get; init; } = 2;
    public BadImagePolicy BadImages { get; init; } = BadImagePolicy.skip;

    /// <summary>The official test-time options for <paramref name="phase"/>: load size equals crop size, no flip, in order.</summary>
    public DataOptions ForTest(string phase) =>
        this with { Phase = phase, LoadSize = CropSize, NoFlip = true, SerialBatches = true, BatchSize = 1 };
}

/// <summary>Everything a training run is configured by; saved as JSON with every checkpoint.</summary>
public sealed record TrainOptions
{
    public required string Name { get; init; }
    public string CheckpointsDir { get; init; } = "checkpoints";
    public required DataOptions Data { get; init; }
    public GeneratorOptions G { get; init; } = new();
    public DiscriminatorOptions D { get; init; } = new();
    public InitType InitType { get; init; } = InitType.normal;
    public double InitGain { get; init; } = 0.02;
    public GanMode GanMode { get; init; } = GanMode.vanilla;
    public double LambdaL1 { get; init; } = 100.0;
    /// <summary>Weight of the WGAN-GP gradient penalty (used with gan_mode wgangp).</summary>
    public double LambdaGp { get; init; } = 10.0;
    public double Lr { get; init; } = 2e-4;
    public double Beta1 { get; init; } = 0.5;
    public LrPolicy LrPolicy { get; init; } = LrPolicy.linear;
    public int LrDecayIters { get; init; } = 50;
    public int NEpochs { get; init; } = 100;
    public int NEpochsDecay { get; init; } = 100;
    public int EpochCount { get; init; } = 1;
    public int SaveEpochFreq { get; init; } = 5;
    /// <summary>Iterations (batches) between mid-epoch saves of <c>latest</c>, so a killed run loses at most this many; 0 saves it only at epoch ends.</summary>
    public int SaveLatestFreq { get; init; } = 5000;
    public bool Continue { get; init; }
    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>.</summary>
    public string Device { get; init; } = "auto";
    public int Threads { get; init; } = Environment.ProcessorCount;
    public long Seed { get; init; } = 0;
    /// <summary>Iterations between progress/loss-log entries.</summary>
    public int PrintFreq { get; init; } = 100;

    /// <summary>Folder of this run: <c>checkpoints/&lt;name&gt;</c>.</summary>
    public string RunDir => Path.Combine(CheckpointsDir, Name);

    public int TotalEpochs => NEpochs + NEpochsDecay;
}
