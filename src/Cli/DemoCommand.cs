using System.CommandLine;
using Pix2Pix.Export;
using Pix2Pix.Training;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary><c>pix2pix demo</c>: the embedded default, from nothing to a trained translator and its report.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var root = new Option<string>("--output") { Description = "folder for data, checkpoints, report and results", DefaultValueFactory = _ => "runs/demo" };
        var size = new Option<int>("--size") { Description = "image side (power of two)", DefaultValueFactory = _ => 64 };
        var epochs = new Option<int>("--epochs") { Description = "epochs at full learning rate (as many again decay it)", DefaultValueFactory = _ => 2 };
        var train = new Option<int>("--train_count") { Description = "synthetic training pairs", DefaultValueFactory = _ => 320 };
        var ngf = new Option<int>("--ngf") { DefaultValueFactory = _ => 32 };
        var command = new Command("demo", "Generate synthetic label→scene pairs, train a small pix2pix on them, and report how much it learned")
            { root, size, epochs, train, ngf };
        command.SetAction(r =>
        {
            var d = new DemoOptions(r.GetValue(root)!, r.GetValue(size), r.GetValue(train), Epochs: r.GetValue(epochs), Ngf: r.GetValue(ngf));
            var started = DateTime.UtcNow;
            using var interrupt = Interrupt.OnCtrlC();
            using var reporter = new RunReporter(Demo.Options(d));
            var result = Demo.Run(d, reporter, interrupt.Token);
            var onnx = ExportOnnx(result.Checkpoint, Path.Combine(d.Root, "demo.onnx"));
            var table = new Table().AddColumns("held-out synthetic pairs", "L1", "PSNR (dB)", "SSIM");
            table.AddRow("untrained generator", $"{result.Untrained.L1:F4}", $"{result.Untrained.Psnr:F2}", $"{result.Untrained.Ssim:F3}");
            table.AddRow("trained generator", $"{result.Trained.L1:F4}", $"{result.Trained.Psnr:F2}", $"{result.Trained.Ssim:F3}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"L1 fell to {result.Trained.L1 / result.Untrained.L1:P0} of the untrained model's; PSNR {result.Trained.Psnr:F1} dB; {(DateTime.UtcNow - started).TotalMinutes:F1} min");
            AnsiConsole.MarkupLineInterpolated($"training report: [bold]{result.ReportPath}[/]");
            AnsiConsole.MarkupLineInterpolated($"test results:    [bold]{result.ResultsPath}[/]");
            AnsiConsole.MarkupLineInterpolated($"checkpoint:      [bold]{result.Checkpoint}[/]");
            AnsiConsole.MarkupLineInterpolated($"ONNX model:      [bold]{onnx}[/]");
            AnsiConsole.MarkupLineInterpolated($"label maps:      [bold]{Demo.LabelsFolder(d)}[/] (./pix2pix convert --model {onnx} --input {Demo.LabelsFolder(d)} --output photos)");
            if (result.Learned) AnsiConsole.MarkupLine("[green]learned:[/] L1 at most half of the untrained model's and PSNR ≥ 20 dB");
            else AnsiConsole.MarkupLine("[red]did not reach the demo's bar[/] (L1 ≤ ½ untrained and PSNR ≥ 20 dB)");
            return result.Learned ? 0 : 2;
        });
        return command;
    }

    /// <summary>Writes the trained generator as an fp32 ONNX model (BatchNorm folded, training options in the metadata), atomically.</summary>
    private static string ExportOnnx(string checkpoint, string path)
    {
        var (g, netG) = Checkpoint.LoadGenerator(checkpoint);
        using (netG)
            OnnxExporter.Save(OnnxExporter.Export(netG, g, new ExportOptions { Training = Checkpoint.ReadOptions(checkpoint) }), path);
        return Path.GetFullPath(path);
    }
}
