using System.CommandLine;
using System.CommandLine.Parsing;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Cli;

/// <summary>The official training flags as typed options, bound to <see cref="TrainOptions"/>.</summary>
internal sealed class TrainArguments
{
    public Option<string> Dataroot { get; } = new("--dataroot") { Description = "folder of paired images: <root>/train (A|B side by side) or <root>/A + <root>/B", Required = true };
    public Option<string> Name { get; } = new("--name") { Description = "run name; checkpoints go to <checkpoints_dir>/<name>", DefaultValueFactory = _ => "experiment" };
    public Option<string> CheckpointsDir { get; } = new("--checkpoints_dir") { DefaultValueFactory = _ => "checkpoints" };
    public Option<NetGKind> NetG { get; } = new("--netG") { Description = "unet_256 | unet_128 | unet_N | resnet_9blocks | resnet_6blocks", DefaultValueFactory = _ => NetGKind.Unet256, CustomParser = CliParsers.NetG };
    public Option<NetDKind> NetD { get; } = new("--netD") { Description = "basic (70×70 PatchGAN) | n_layers | pixel", DefaultValueFactory = _ => NetDKind.basic };
    public Option<int> Ngf { get; } = new("--ngf") { Description = "generator filters in the last conv layer", DefaultValueFactory = _ => 64 };
    public Option<int> Ndf { get; } = new("--ndf") { Description = "discriminator filters in the first conv layer", DefaultValueFactory = _ => 64 };
    public Option<int> NLayersD { get; } = new("--n_layers_D") { Description = "layers of the n_layers discriminator", DefaultValueFactory = _ => 3 };
    public Option<NormKind> Norm { get; } = new("--norm") { DefaultValueFactory = _ => NormKind.batch };
    public Option<InitType> InitType { get; } = new("--init_type") { DefaultValueFactory = _ => Pix2Pix.Training.Networks.InitType.normal };
    public Option<double> InitGain { get; } = new("--init_gain") { DefaultValueFactory = _ => 0.02 };
    public Option<bool> NoDropout { get; } = new("--no_dropout") { Description = "no dropout in the generator" };
    public Option<GanMode> GanMode { get; } = new("--gan_mode") { Description = "vanilla | lsgan | wgangp (gradient penalty applied)", DefaultValueFactory = _ => Pix2Pix.Training.GanMode.vanilla };
    public Option<double> LambdaL1 { get; } = new("--lambda_L1") { Description = "weight of the L1 loss", DefaultValueFactory = _ => 100.0 };
    public Option<Direction> Direction { get; } = new("--direction") { DefaultValueFactory = _ => Pix2Pix.Training.Options.Direction.AtoB };
    public Option<int> InputNc { get; } = new("--input_nc") { Description = "1 (gray) or 3 (RGB)", DefaultValueFactory = _ => 3 };
    public Option<int> OutputNc { get; } = new("--output_nc") { Description = "1 (gray) or 3 (RGB)", DefaultValueFactory = _ => 3 };
    public Option<int> LoadSize { get; } = new("--load_size") { DefaultValueFactory = _ => 286 };
    public Option<int> CropSize { get; } = new("--crop_size") { DefaultValueFactory = _ => 256 };
    public Option<Preprocess> Preprocess { get; } = new("--preprocess") { DefaultValueFactory = _ => Pix2Pix.Training.Options.Preprocess.resize_and_crop };
    public Option<bool> NoFlip { get; } = new("--no_flip");
    public Option<int> MaxDatasetSize { get; } = new("--max_dataset_size") { DefaultValueFactory = _ => int.MaxValue };
    public Option<bool> SerialBatches { get; } = new("--serial_batches") { Description = "take images in order instead of shuffling" };
    public Option<int> BatchSize { get; } = new("--batch_size") { DefaultValueFactory = _ => 1 };
    public Option<int> NumWorkers { get; } = new("--num_threads") { Description = "data-loading worker threads", DefaultValueFactory = _ => 2 };
    public Option<BadImagePolicy> BadImages { get; } = new("--bad_images") { Description = "skip (report the path and go on) | fail", DefaultValueFactory = _ => BadImagePolicy.skip };
    public Option<double> Lr { get; } = new("--lr") { DefaultValueFactory = _ => 2e-4 };
    public Option<double> Beta1 { get; } = new("--beta1") { DefaultValueFactory = _ => 0.5 };
    public Option<LrPolicy> LrPolicy { get; } = new("--lr_policy") { DefaultValueFactory = _ => Pix2Pix.Training.Options.LrPolicy.linear };
    public Option<int> LrDecayIters { get; } = new("--lr_decay_iters") { Description = "epochs between ×0.1 steps (lr_policy step)", DefaultValueFactory = _ => 50 };
    public Option<int> NEpochs { get; } = new("--n_epochs") { Description = "epochs at the initial learning rate", DefaultValueFactory = _ => 100 };
    public Option<int> NEpochsDecay { get; } = new("--n_epochs_decay") { Description = "epochs to decay the learning rate linearly to zero", DefaultValueFactory = _ => 100 };
    public Option<int> EpochCount { get; } = new("--epoch_count") { Description = "number of the first epoch", DefaultValueFactory = _ => 1 };
    public Option<int> SaveEpochFreq { get; } = new("--save_epoch_freq") { DefaultValueFactory = _ => 5 };
    public Option<int> SaveLatestFreq { get; } = new("--save_latest_freq") { Description = "iterations between saves of latest within an epoch (0: only at epoch ends)", DefaultValueFactory = _ => 5000 };
    public Option<bool> Continue { get; } = new("--continue") { Description = "resume exactly from <checkpoints_dir>/<name>/latest.safetensors" };
    public Option<string> Device { get; } = new("--device") { Description = "auto | cpu | cuda | cuda:N", DefaultValueFactory = _ => "auto" };
    public Option<int> Threads { get; } = new("--threads") { Description = "libtorch intra-op threads", DefaultValueFactory = _ => Environment.ProcessorCount };
    public Option<long> Seed { get; } = new("--seed") { DefaultValueFactory = _ => 0L };
    public Option<int> PrintFreq { get; } = new("--print_freq") { Description = "iterations between loss-log entries", DefaultValueFactory = _ => 100 };

    public void AddTo(Command command)
    {
        foreach (var p in GetType().GetProperties())
            if (p.GetValue(this) is Option o) command.Options.Add(o);
    }

    public TrainOptions Bind(ParseResult r)
    {
        var o = new TrainOptions
        {
            Name = r.GetValue(Name)!, CheckpointsDir = r.GetValue(CheckpointsDir)!,
            Data = new DataOptions
            {
                Dataroot = r.GetValue(Dataroot)!, Direction = r.GetValue(Direction), InputNc = r.GetValue(InputNc), OutputNc = r.GetValue(OutputNc),
                LoadSize = r.GetValue(LoadSize), CropSize = r.GetValue(CropSize), Preprocess = r.GetValue(Preprocess), NoFlip = r.GetValue(NoFlip),
                MaxDatasetSize = r.GetValue(MaxDatasetSize), SerialBatches = r.GetValue(SerialBatches), BatchSize = r.GetValue(BatchSize),
                NumWorkers = r.GetValue(NumWorkers), BadImages = r.GetValue(BadImages),
            },
            G = new GeneratorOptions { NetG = r.GetValue(NetG)!, InputNc = r.GetValue(InputNc), OutputNc = r.GetValue(OutputNc), Ngf = r.GetValue(Ngf), Norm = r.GetValue(Norm), UseDropout = !r.GetValue(NoDropout) },
            D = new DiscriminatorOptions { NetD = r.GetValue(NetD), InputNc = r.GetValue(InputNc) + r.GetValue(OutputNc), Ndf = r.GetValue(Ndf), NLayers = r.GetValue(NLayersD), Norm = r.GetValue(Norm) },
            InitType = r.GetValue(InitType), InitGain = r.GetValue(InitGain), GanMode = r.GetValue(GanMode), LambdaL1 = r.GetValue(LambdaL1),
            Lr = r.GetValue(Lr), Beta1 = r.GetValue(Beta1), LrPolicy = r.GetValue(LrPolicy), LrDecayIters = r.GetValue(LrDecayIters),
            NEpochs = r.GetValue(NEpochs), NEpochsDecay = r.GetValue(NEpochsDecay), EpochCount = r.GetValue(EpochCount), SaveEpochFreq = r.GetValue(SaveEpochFreq),
            SaveLatestFreq = r.GetValue(SaveLatestFreq),
            Continue = r.GetValue(Continue), Device = r.GetValue(Device)!, Threads = r.GetValue(Threads), Seed = r.GetValue(Seed), PrintFreq = r.GetValue(PrintFreq),
        };
        OptionChecks.Validate(o);
        return o;
    }
}
