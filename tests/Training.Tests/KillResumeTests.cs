using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Pix2Pix.Training.Reports;
using Pix2Pix.Training.Synthetic;
using Pix2Pix.Weights;
using Xunit.Abstractions;

namespace Pix2Pix.Training.Tests;

/// <summary>
/// <c>--save_latest_freq</c> end to end on the real CLI: a <c>pix2pix train</c> process SIGKILLed mid-epoch, then
/// <c>--continue</c>d in a new process, ends bit-identical to a run that was never interrupted.
/// </summary>
public sealed class KillResumeTests : IDisposable
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"p2p-kill-{Guid.NewGuid():N}");

    // 20 train pairs in batches of 2: 10 iterations an epoch, 3 epochs; latest every 3 iterations lands mid-epoch
    // (3, 6, 9; 12, …), and the first save leaves 7 iterations of runway before the epoch ends for the kill to land in.
    public KillResumeTests(ITestOutputHelper log)
    {
        _log = log;
        _data = SyntheticPairs.WriteAligned(Path.Combine(_root, "data"), new SyntheticOptions(64, 23, 5), 20, 2, 0);
    }

    private readonly ITestOutputHelper _log;
    private readonly string _data;

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    private static string CliDll => typeof(KillResumeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliDll").Value!;

    private string RunDir(string name) => Path.Combine(_root, "checkpoints", name);

    private string[] TrainArgs(string name, string saveLatestFreq = "3", params string[] extra) =>
    [
        "train", "--dataroot", _data, "--name", name, "--checkpoints_dir", Path.Combine(_root, "checkpoints"),
        "--netG", "unet_64", "--ngf", "4", "--netD", "n_layers", "--n_layers_D", "2", "--ndf", "4", // unet_64: one dropout block
        "--load_size", "72", "--crop_size", "64", "--batch_size", "2", "--num_threads", "2",
        "--n_epochs", "2", "--n_epochs_decay", "1", "--save_epoch_freq", "1", "--print_freq", "1",
        "--seed", "7", "--threads", "1", "--device", "cpu", "--save_latest_freq", saveLatestFreq, .. extra,
    ];

    [Fact]
    public void KilledMidEpochThenContinuedEndsBitIdenticalToOneRun()
    {
        var straight = Cli(TrainArgs("straight", saveLatestFreq: "0")); // no mid-epoch saves at all
        Assert.True(straight.Code == 0, straight.Output);

        var (killedCode, killedOutput, killedState) = KillAfterFirstSave("killed", TrainArgs("killed"));
        Assert.True(killedCode == 137, $"expected a SIGKILL (exit 137), got {killedCode}:\n{killedOutput}");
        // What the kill left loads as a whole checkpoint (never a partial one), of a point in the middle of an epoch.
        Assert.True(killedState is { EpochIter: > 0, EpochDone: false }, $"not a mid-epoch save: {killedState}");
        Assert.False(File.Exists(Path.Combine(RunDir("killed"), "epoch_3.safetensors")));
        _log.WriteLine($"killed with latest at epoch {killedState.Epoch}, iteration {killedState.EpochIter} (global {killedState.Iteration}); " +
                      $"temporary files left: {Directory.GetFiles(RunDir("killed"), "*.tmp*", SearchOption.AllDirectories).Length}");

        // A kill in the middle of a save leaves its temporary file beside the intact latest; --continue clears it.
        File.WriteAllBytes(Path.Combine(RunDir("killed"), $".latest.safetensors.{Guid.NewGuid():N}.tmp"), new byte[100]);
        File.WriteAllBytes(Path.Combine(RunDir("killed"), "web", $".index.html.{Guid.NewGuid():N}.tmp"), new byte[100]);
        var resumed = Cli(TrainArgs("killed", extra: "--continue"));
        Assert.True(resumed.Code == 0, resumed.Output);
        Assert.Contains($"resumed {Path.Combine(RunDir("killed"), "latest.safetensors")} at epoch {killedState.Epoch}, iteration {killedState.EpochIter}", resumed.Output);

        foreach (var file in new[] { "latest.safetensors", "epoch_1.safetensors", "epoch_2.safetensors", "epoch_3.safetensors" })
            AssertSameCheckpoint(Path.Combine(RunDir("straight"), file), Path.Combine(RunDir("killed"), file));
        Assert.Equal(StepsAndScores("straight"), StepsAndScores("killed"));
        Assert.Empty(Directory.GetFiles(RunDir("killed"), "*.tmp*", SearchOption.AllDirectories));
    }

    [Fact]
    public void NegativeSaveLatestFreqIsRejected()
    {
        var (code, output) = Cli(TrainArgs("bad", saveLatestFreq: "-1"));
        Assert.Equal(1, code);
        Assert.Contains("--save_latest_freq -1", output);
        Assert.False(Directory.Exists(RunDir("bad")));
    }

    /// <summary>Tensors (weights, batch-norm statistics, Adam moments) byte for byte, and the saved state including step counts and RNG.</summary>
    private static void AssertSameCheckpoint(string expectedPath, string actualPath)
    {
        var expected = SafeTensors.Load(expectedPath);
        var actual = SafeTensors.Load(actualPath);
        var names = expected.Tensors.Select(t => t.Name).ToList();
        Assert.Equal(names, actual.Tensors.Select(t => t.Name).ToList());
        Assert.Contains(names, n => n.StartsWith("netG.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("netD.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("optG.exp_avg_sq.", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("optD.exp_avg.", StringComparison.Ordinal));
        var differing = expected.Tensors.Zip(actual.Tensors).Where(p => !p.First.Equals(p.Second)).Select(p => p.First.Name).ToList();
        Assert.True(differing.Count == 0, $"{Path.GetFileName(actualPath)}: {differing.Count} tensors differ: {string.Join(", ", differing.Take(8))}");
        Assert.Equal(State(expected), State(actual));
    }

    private static TrainingState State(SafeTensorsContent checkpoint) =>
        JsonSerializer.Deserialize<TrainingState>(checkpoint.Metadata["state"],
            new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals })!;

    /// <summary>The loss log without its timings: every iteration's losses and each epoch's validation scores.</summary>
    private List<LossRecord> StepsAndScores(string name) =>
        LossLog.Read(Path.Combine(RunDir(name), LossLog.FileName)).Select(r => r is StepRecord s ? s with { TimeS = 0 } : r).ToList();

    /// <summary>Starts training and SIGKILLs it the moment it reports its first save of latest; returns the state latest then holds.</summary>
    private (int Code, string Output, TrainingState LatestAtKill) KillAfterFirstSave(string name, string[] args)
    {
        var output = new StringBuilder();
        var killed = 0;
        using (var process = Start(args, output, (self, line) =>
        {
            // SIGKILL on Linux: no handler, no finally, no flush; sent from the thread that read the line.
            if (line.StartsWith("saved ", StringComparison.Ordinal) && Interlocked.Exchange(ref killed, 1) == 0) self.Kill();
        }))
        {
            if (!process.WaitForExit(RunLimit)) process.Kill();
            process.WaitForExit(); // drains the redirected output
            string text;
            lock (output) text = output.ToString();
            Assert.True(killed == 1, $"the run ended without reporting a save of latest:\n{text}");
            var line = text.Split('\n').First(l => l.StartsWith("saved ", StringComparison.Ordinal));
            var global = long.Parse(line[(line.LastIndexOf("global iteration ", StringComparison.Ordinal) + 17)..].TrimEnd(')', '\r'));
            var state = State(SafeTensors.Load(Path.Combine(RunDir(name), "latest.safetensors")));
            Assert.True(state.Iteration >= global, $"latest ({state.Iteration}) is older than the save reported at global iteration {global}");
            return (process.ExitCode, text, state);
        }
    }

    private static (int Code, string Output) Cli(string[] args)
    {
        var output = new StringBuilder();
        using var process = Start(args, output, null);
        if (!process.WaitForExit(RunLimit))
        {
            process.Kill();
            Assert.Fail($"pix2pix {args[0]} ran past {RunLimit.TotalSeconds} s:\n{output}");
        }
        process.WaitForExit(); // drains the redirected output
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static Process Start(string[] args, StringBuilder output, Action<Process, string>? onLine)
    {
        Assert.True(File.Exists(CliDll), $"the CLI was not built at {CliDll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(CliDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "400";
        var process = new Process { StartInfo = start };
        DataReceivedEventHandler handler = (sender, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            onLine?.Invoke((Process)sender, e.Data);
        };
        process.OutputDataReceived += handler;
        process.ErrorDataReceived += handler;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
