using System.CommandLine;
using Pix2Pix.Training;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary><c>pix2pix train</c>: the official training run; Ctrl+C saves <c>latest</c> and exits.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var args = new TrainArguments();
        var command = new Command("train", "Train a pix2pix translator on paired images");
        args.AddTo(command);
        command.SetAction(r =>
        {
            var options = args.Bind(r);
            using var interrupt = Interrupt.OnCtrlC();
            using var reporter = new RunReporter(options);
            var result = new Trainer(options, reporter).Run(interrupt.Token);
            Summary.Print(result, reporter.ReportPath);
            return result.Interrupted ? 130 : 0;
        });
        return command;
    }
}

/// <summary>Turns the first Ctrl+C into a cancellation the trainer honours after the current step.</summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    private Interrupt() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _cts.Token;

    public static Interrupt OnCtrlC() => new();

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_cts.IsCancellationRequested) return;
        e.Cancel = true;
        _cts.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _cts.Dispose();
    }
}

internal static class Summary
{
    public static void Print(TrainResult result, string reportPath)
    {
        AnsiConsole.MarkupLineInterpolated($"checkpoint: [bold]{result.LatestCheckpoint}[/]");
        AnsiConsole.MarkupLineInterpolated($"report:     [bold]{reportPath}[/]");
        if (result.Skipped.Count > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]skipped {result.Skipped.Count} unreadable image(s):[/]");
            foreach (var (path, reason) in result.Skipped.DistinctBy(s => s.Path).Take(20))
                AnsiConsole.MarkupLineInterpolated($"  {path}: {reason}");
        }
    }
}
