using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using Spectre.Console;
using TorchSharp;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// One unet_256 + basic D pix2pix iteration (batch 1, 256² by default) by: our trainer (default kernels), stock TorchSharp
/// as a user writes it (<see cref="StockTorchSharpStep"/>, libtorch's defaults), the same stock code with libtorch's own
/// convolutions (what our trainer runs where oneDNN fails its gradient check), and the official-equivalent PyTorch step.
/// Every contender runs in a fresh process of its own, with the same threads and OpenMP wait policy, one warm-up
/// iteration, then <c>--iters</c> timed ones; contenders take turns in rounds so drifts in machine load hit them alike.
/// Ratios are of medians over every timed iteration.
/// </summary>
internal static class TrainStepBenchmark
{
    private const string Ours = "ours", Stock = "stock", StockNoOneDnn = "stock-libtorch-conv", Python = "pytorch";

    /// <summary>REFERENCE §5: ≈ 93 GFLOP per iteration at this machine's ≈ 400 GFLOP/s fp32.</summary>
    private const double Fp32LimitSeconds = 0.23;

    public static Command Create()
    {
        var iters = new Option<int>("--iters") { Description = "timed iterations per contender per round", DefaultValueFactory = _ => 4 };
        var rounds = new Option<int>("--rounds") { Description = "rounds in which every contender takes a turn", DefaultValueFactory = _ => 3 };
        var size = new Option<int>("--size") { Description = "image side", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads for every contender", DefaultValueFactory = _ => Environment.ProcessorCount };
        var python = new Option<string?>("--python-peer") { Description = "path of shared/peer/pix2pix_step.py (found automatically next to the repo)" };
        var command = new Command("train-step", "Training iteration: ours vs stock TorchSharp vs the official-equivalent PyTorch step") { iters, rounds, size, batch, threads, python };
        command.SetAction(r => Run(r.GetValue(iters), r.GetValue(rounds), r.GetValue(size), r.GetValue(batch), r.GetValue(threads), r.GetValue(python)));
        return command;
    }

    /// <summary>The hidden per-process contender: prints one "iter K SECONDS s" line per timed iteration.</summary>
    public static Command CreateWorker()
    {
        var contender = new Option<string>("--contender") { Required = true };
        var iters = new Option<int>("--iters") { DefaultValueFactory = _ => 4 };
        var size = new Option<int>("--size") { DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("train-step-worker", "one contender of train-step (internal)") { contender, iters, size, batch, threads };
        command.Hidden = true;
        command.SetAction(r => Work(r.GetValue(contender)!, r.GetValue(iters), r.GetValue(size), r.GetValue(batch), r.GetValue(threads)));
        return command;
    }

    private static int Run(int iters, int rounds, int size, int batch, int threads, string? pythonPeer)
    {
        var repo = RepoPaths.Root();
        pythonPeer ??= Path.Combine(repo, "..", "shared", "peer", "pix2pix_step.py");
        var havePython = File.Exists(pythonPeer) && File.Exists("/usr/bin/python3");
        var waitPolicy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE";
        (string, string)[] env = [("OMP_NUM_THREADS", threads.ToString(CultureInfo.InvariantCulture)), ("OMP_WAIT_POLICY", waitPolicy)];
        Console.WriteLine($"load average at start: {MachineLoad.Now()}; OMP_WAIT_POLICY={waitPolicy}, {threads} threads for every contender; {size}², batch {batch}");

        var self = Environment.ProcessPath!;
        var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) ? $"{typeof(TrainStepBenchmark).Assembly.Location} " : "";
        string WorkerArgs(string c) => $"{selfArgs}train-step-worker --contender {c} --iters {iters} --size {size} --batch {batch} --threads {threads}";
        var contenders = new List<(string Name, string File, string Args)>
        {
            (Ours, self, WorkerArgs(Ours)),
            (Stock, self, WorkerArgs(Stock)),
            (StockNoOneDnn, self, WorkerArgs(StockNoOneDnn)),
        };
        if (havePython)
            contenders.Add((Python, "/usr/bin/python3", $"{pythonPeer} --iters {iters} --warmup 1 --size {size} --batch {batch} --threads {threads}"));

        var times = contenders.ToDictionary(c => c.Name, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            // Rotate the order so no contender always runs first (or right after the same neighbour).
            var order = contenders.Skip((round - 1) % contenders.Count).Concat(contenders.Take((round - 1) % contenders.Count)).ToList();
            Console.WriteLine($"round {round}/{rounds}: {string.Join(", ", order.Select(c => c.Name))}");
            foreach (var (name, file, args) in order)
            {
                var t = PeerTimes(file, args, env);
                times[name].AddRange(t);
                Console.WriteLine($"  {name,-20} {string.Join(" ", t.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))}");
            }
        }

        var median = times.ToDictionary(kv => kv.Key, kv => Median(kv.Value));
        var table = new Table().AddColumns("contender", "median s/iter", "iterations", "ours is faster by");
        foreach (var (name, _, _) in contenders)
            table.AddRow(Describe(name), F(median[name], 4), times[name].Count.ToString(CultureInfo.InvariantCulture), F(median[name] / median[Ours], 2) + "×");
        AnsiConsole.Write(table);
        Console.WriteLine($"load average at end: {MachineLoad.Now()}");
        if (havePython) Console.WriteLine($"speedup_vs_official_pytorch={F(median[Python] / median[Ours], 2)} (goal >= 1.4)");
        Console.WriteLine($"speedup_vs_stock_torchsharp={F(median[Stock] / median[Ours], 2)} (goal >= 1.4; libtorch defaults, oneDNN convolutions)");
        Console.WriteLine($"speedup_vs_stock_torchsharp_libtorch_conv={F(median[StockNoOneDnn] / median[Ours], 2)} (the same stock code with the convolutions our trainer runs)");
        Console.WriteLine($"fp32_limit_ratio={F(median[Ours] / Fp32LimitSeconds, 2)} (ours ÷ the ≈ {Fp32LimitSeconds} s fp32 limit of this machine, REFERENCE §5)");
        return 0;
    }

    private static string Describe(string name) => name switch
    {
        Ours => "ours (Pix2PixModel, default kernels)",
        Stock => "stock TorchSharp (libtorch defaults: oneDNN conv)",
        StockNoOneDnn => "stock TorchSharp, libtorch's own conv",
        _ => "PyTorch 1.13 (official-equivalent step)",
    };

    private static int Work(string contender, int iters, int size, int batch, int threads)
    {
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        using var realA = torch.rand([batch, 3, size, size]) * 2 - 1;
        using var realB = torch.rand([batch, 3, size, size]) * 2 - 1;
        Action step;
        IDisposable owner;
        switch (contender)
        {
            case Ours:
                var model = new Pix2PixModel(NetworkFactory.CreateGenerator(new GeneratorOptions(), subPixelUpsampling: TrainKernels.Optimized.SubPixelUpsampling),
                                             NetworkFactory.CreateDiscriminator(new DiscriminatorOptions()));
                (step, owner) = (() => model.OptimizeParameters(realA, realB), model);
                Console.Error.WriteLine($"convolutions: {TorchRuntime.OneDnnDisabledReason ?? "oneDNN"}");
                break;
            case Stock:
            case StockNoOneDnn:
                if (contender == StockNoOneDnn) TorchRuntime.EnsureCorrectConvolutions();
                var stock = new StockTorchSharpStep();
                (step, owner) = (() => stock.Step(realA, realB), stock);
                break;
            default:
                throw new ArgumentException($"unknown contender '{contender}'");
        }
        using (owner)
        {
            step();
            for (var i = 1; i <= iters; i++)
            {
                var clock = Stopwatch.StartNew();
                step();
                Console.WriteLine($"iter {i} {clock.Elapsed.TotalSeconds.ToString("F4", CultureInfo.InvariantCulture)} s");
            }
        }
        return 0;
    }

    /// <summary>Runs a contender and collects the seconds from its "iter K SECONDS s" lines.</summary>
    private static List<double> PeerTimes(string file, string args, params (string Key, string Value)[] env)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var times = new List<double>();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            if (!line.StartsWith("iter ", StringComparison.Ordinal)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            times.Add(double.Parse(parts[2], CultureInfo.InvariantCulture));
        }
        p.WaitForExit();
        if (p.ExitCode != 0 || times.Count == 0) throw new InvalidOperationException($"{file} {args} failed (exit {p.ExitCode})");
        return times;
    }

    private static double Median(List<double> xs)
    {
        var sorted = xs.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string F(double v, int digits) => v.ToString("F" + digits, CultureInfo.InvariantCulture);
}
