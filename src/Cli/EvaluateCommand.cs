using System.CommandLine;
using Pix2Pix.Export;
using Pix2Pix.Inference;
using Pix2Pix.Training.Options;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary>
/// <c>pix2pix evaluate</c>: <see cref="ModelEvaluation"/> of exported models over a paired split, with a table of the means.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model") { Description = "exported .onnx models; repeat the option; the first is the reference", Required = true, AllowMultipleArgumentsPerToken = true };
        var dataroot = new Option<string>("--dataroot") { Description = "paired data: <dataroot>/<phase> of A|B images, or A/ and B/ folders", Required = true };
        var phase = new Option<string>("--phase") { DefaultValueFactory = _ => "test" };
        var direction = new Option<Direction?>("--direction") { Description = "default: the first model's direction metadata, else AtoB" };
        var size = new Option<int?>("--size") { Description = "images are resized to size×size (load_size = crop_size); default: the crop_size the first model was trained at (its metadata), else 256" };
        var numTest = new Option<int>("--num_test") { Description = "images to evaluate at most", DefaultValueFactory = _ => int.MaxValue };
        var resultsDir = new Option<string>("--results_dir") { Description = "where comparison.csv, summary.md and the pages go", DefaultValueFactory = _ => Path.Combine("results", "evaluate") };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: one per core)", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "cpu | cuda | cuda:N | auto: ONNX Runtime's CUDA provider on that GPU (auto, cuda: device 0), falling back to the CPU with one line when it cannot load", DefaultValueFactory = _ => "cpu" };
        var strictDevice = new Option<bool>("--strict_device") { Description = "with --device cuda: stop (exit 1) instead of falling back to the CPU when CUDA cannot be used" };
        var command = new Command("evaluate", "Score exported models on paired images: each against the ground truth, and against the first model (L1, PSNR, SSIM)")
            { models, dataroot, phase, direction, size, numTest, resultsDir, threads, device, strictDevice };
        command.SetAction(r =>
        {
            var (gpu, fallback) = CliParsers.OrtDevice(r.GetValue(device)!, r.GetValue(strictDevice));
            var options = new TranslatorOptions { IntraOpThreads = r.GetValue(threads), GpuDeviceId = gpu, FallbackToCpu = fallback, Log = Console.Out };
            return Run(new ModelEvaluationOptions
            {
                Models = r.GetValue(models)!, Dataroot = r.GetValue(dataroot)!, Phase = r.GetValue(phase)!, Direction = r.GetValue(direction),
                Size = r.GetValue(size), NumTest = r.GetValue(numTest), ResultsDir = r.GetValue(resultsDir)!, Translator = options,
            });
        });
        return command;
    }

    private static int Run(ModelEvaluationOptions options)
    {
        var report = ModelEvaluation.Run(options, Console.Out);
        var reference = report.Models[0].Label;
        var table = new Table().AddColumns("model", "L1 vs truth", "PSNR vs truth", "SSIM vs truth", $"PSNR vs {Markup.Escape(reference)}", "min", $"SSIM vs {Markup.Escape(reference)}");
        foreach (var m in report.Models) table.AddRow([Markup.Escape(m.Label), .. ModelEvaluation.Cells(m)]);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"per image: [bold]{report.CsvPath}[/]; summary: {report.SummaryPath}; pages: {Path.Combine(options.ResultsDir, "<model>", "index.html")}");
        return 0;
    }
}
