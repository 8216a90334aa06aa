using Pix2Pix.Training;
using Pix2Pix.Training.Reports;
using Spectre.Console;

namespace Pix2Pix.Reports.Tests;

public sealed class TrainingProgressTests
{
    private static readonly StepLosses Losses = new(0.712, 12.345, 0.634, 0.581);

    [Fact]
    public void Plain_output_prints_periodically_at_epoch_ends_and_messages()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        var settings = new ProgressSettings { Interactive = false, PlainOutput = output, PlainInterval = TimeSpan.FromSeconds(30), Time = clock };

        using (TrainingProgress progress = TrainingProgress.Start(totalEpochs: 2, itersPerEpoch: 100, settings))
        {
            Assert.False(progress.IsLive);
            for (int epoch = 1; epoch <= 2; epoch++)
                for (int i = 1; i <= 100; i++)
                {
                    clock.Advance(TimeSpan.FromSeconds(0.5));
                    progress.Update(epoch, i, Losses, 2e-4);
                }
            progress.Message("saved checkpoint latest");
        }

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["epoch 1/2  iter 1/100", "epoch 1/2  iter 61/100", "epoch 1/2  iter 100/100", "epoch 2/2  iter 60/100",
             "epoch 2/2  iter 100/100", "saved checkpoint latest"],
            lines.Select(l => l.StartsWith("epoch", StringComparison.Ordinal) ? l[..l.IndexOf(" (", StringComparison.Ordinal)] : l));
        Assert.Contains("2.00 it/s", lines[2]);
        Assert.Contains("ETA 00:00:50", lines[2]);
        Assert.Contains("G_GAN 0.712 G_L1 12.35 D_real 0.634 D_fake 0.581 | lr 2.00e-04", lines[2]);
    }

    [Fact]
    public void A_pending_update_is_printed_when_disposed()
    {
        var clock = new ManualClock();
        var output = new StringWriter();
        using (TrainingProgress progress = TrainingProgress.Start(1, 10, new ProgressSettings { Interactive = false, PlainOutput = output, Time = clock }))
        {
            progress.Update(1, 1, Losses, 1e-4);
            progress.Update(1, 5, Losses, 1e-4);
        }

        Assert.EndsWith("lr 1.00e-04", output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].TrimEnd());
        Assert.Contains("iter 5/10", output.ToString());
    }

    [Fact]
    public void The_live_display_renders_bars_losses_and_messages()
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.TrueColor,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 140;

        using (TrainingProgress progress = TrainingProgress.Start(3, 50, new ProgressSettings { Console = console }))
        {
            Assert.True(progress.IsLive);
            for (int i = 1; i <= 50; i++)
                progress.Update(1, i, Losses, 2e-4);
            progress.Message("validation: L1 0.21");
        }

        string text = output.ToString();
        Assert.Contains("epoch 1/3", text);
        Assert.Contains("50/50", text);
        Assert.Contains("12.35", text);
        Assert.Contains("validation: L1 0.21", text);
    }

    [Fact]
    public void A_second_live_display_on_the_same_console_falls_back_to_plain_lines()
    {
        var output = new StringWriter();
        var plain = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });

        using TrainingProgress first = TrainingProgress.Start(1, 10, new ProgressSettings { Console = console });
        using TrainingProgress second = TrainingProgress.Start(1, 10, new ProgressSettings { Console = console, PlainOutput = plain });
        second.Update(1, 1, Losses, 2e-4);

        Assert.True(first.IsLive);
        Assert.False(second.IsLive);
        Assert.StartsWith("epoch 1/1  iter 1/10", plain.ToString());
    }
}
