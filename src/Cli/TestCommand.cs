using System.CommandLine;
using TorchSharp;
using Pix2Pix.Training;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Options;
using Pix2Pix.Training.Reports;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary><c>pix2pix test</c>: a checkpoint over a split → results page and L1 / PSNR / SSIM table.</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string?>("--checkpoint") { Description = "training checkpoint (.safetensors); default <checkpoints_dir>/<name>/latest.safetensors" };
        var name = new Option<string>("--name") { DefaultValueFactory = _ => "experiment" };
        var checkpointsDir = new Option<string>("--checkpoints_dir") { DefaultValueFactory = _ => "checkpoints" };
        var dataroot = new Option<string?>("--dataroot") { Description = "default: the dataroot the checkpoint was trained on" };
        var phase = new Option<string>("--phase") { DefaultValueFactory = _ => "test" };
        var direction = new Option<Direction?>("--direction") { Description = "default: the training direction" };
        var resultsDir = new Option<string>("--results_dir") { DefaultValueFactory = _ => "results" };
        var numTest = new Option<int>("--num_test") { Description = "how many images to translate", DefaultValueFactory = _ => 50 };
        var trainMode = new Option<bool>("--train_mode") { Description = "keep dropout and batch statistics at test time, as the paper does (default: eval mode)" };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("test", "Translate a split with a trained generator and score it (L1, PSNR, SSIM)")
            { checkpoint, name, checkpointsDir, dataroot, phase, direction, resultsDir, numTest, trainMode, device, threads };
        command.SetAction(r =>
        {
            var path = r.GetValue(checkpoint) ?? Path.Combine(r.GetValue(checkpointsDir)!, r.GetValue(name)!, "latest.safetensors");
            var trained = Checkpoint.ReadOptions(path);
            var data = trained.Data with { Dataroot = r.GetValue(dataroot) ?? trained.Data.Dataroot, Direction = r.GetValue(direction) ?? trained.Data.Direction };
            var split = PairedImageDataset.Open(data.ForTest(r.GetValue(phase)!), trained.G.NetG.SizeMultiple);
            var dev = Devices.Resolve(r.GetValue(device)!);
            torch.set_num_threads(r.GetValue(threads));
            var (_, netG) = Checkpoint.LoadGenerator(path);
            using (netG)
            {
                netG.to(dev);
                var page = new ResultsPage(ResultsPage.DirectoryFor(r.GetValue(resultsDir)!, trained.Name, r.GetValue(phase)!, Path.GetFileNameWithoutExtension(path)), $"{trained.Name} — {r.GetValue(phase)}");
                var summary = Evaluation.Run(netG, split, dev, r.GetValue(numTest), r.GetValue(trainMode), page);
                var table = new Table().AddColumns("images", "L1", "PSNR (dB)", "SSIM");
                table.AddRow($"{summary.Images}", $"{summary.L1:F4}", $"{summary.Psnr:F2}", $"{summary.Ssim:F4}");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLineInterpolated($"results: [bold]{summary.ResultsPage}[/]");
            }
            return 0;
        });
        return command;
    }
}

