using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Torch;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using Spectre.Console;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// One unet_256 + basic D pix2pix iteration (batch 1, 256² by default) through our C# stack versus the same
/// iteration driven directly by libtorch's C++ API, and the official-equivalent Python step when available,
/// all on the same libtorch in one run. Reports median seconds per iteration and the ratios.
/// </summary>
internal static class TrainStepBenchmark
{
    public static Command Create()
    {
        var iters = new Option<int>("--iters") { Description = "timed iterations per contender", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "untimed iterations first", DefaultValueFactory = _ => 2 };
        var size = new Option<int>("--size") { Description = "image side", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads for every contender", DefaultValueFactory = _ => Environment.ProcessorCount };
        var python = new Option<string?>("--python-peer") { Description = "path of shared/peer/pix2pix_step.py (found automatically next to the repo)" };
        var command = new Command("train-step", "C# training iteration vs libtorch C++ (and Python) on the same libtorch") { iters, warmup, size, batch, threads, python };
        command.SetAction(r => Run(r.GetValue(iters), r.GetValue(warmup), r.GetValue(size), r.GetValue(batch), r.GetValue(threads), r.GetValue(python)));
        return command;
    }

    private static int Run(int iters, int warmup, int size, int batch, int threads, string? pythonPeer)
    {
        var repo = RepoPaths.Root();
        var peer = NativePeer.Build(repo);
        var rows = new List<(string Name, double Seconds)>();

        var cpp = RunProcess(peer, $"{iters} {warmup} {size} {batch} {threads}", "cpp_s_per_iter=");
        rows.Add(("libtorch C++ (torch::nn, torch::optim)", cpp));

        var ours = MeasureOurs(iters, warmup, size, batch, threads);
        rows.Add(("ours: C# over libpix2pix_torch", ours));

        pythonPeer ??= Path.Combine(repo, "..", "shared", "peer", "pix2pix_step.py");
        if (File.Exists(pythonPeer) && File.Exists("/usr/bin/python3"))
        {
            var py = RunProcess("/usr/bin/python3", $"{pythonPeer} --iters {iters} --warmup {warmup} --size {size} --batch {batch} --threads {threads}",
                                "peer_s_per_iter=", ("OMP_NUM_THREADS", threads.ToString(CultureInfo.InvariantCulture)));
            rows.Add(("PyTorch (official-equivalent step)", py));
        }

        var table = new Table().AddColumns("contender", "median s/iter", "ours ÷ this");
        foreach (var (name, s) in rows) table.AddRow(name, s.ToString("F4", CultureInfo.InvariantCulture), (ours / s).ToString("F3", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        var overhead = (ours / cpp - 1) * 100;
        Console.WriteLine($"overhead_vs_cpp_percent={overhead.ToString("F1", CultureInfo.InvariantCulture)} (goal <= 5)");
        return 0;
    }

    private static double MeasureOurs(int iters, int warmup, int size, int batch, int threads)
    {
        torch.set_num_threads(threads);
        torch.manual_seed(0);
        using var netG = NetworkFactory.CreateGenerator(new GeneratorOptions());
        using var netD = NetworkFactory.CreateDiscriminator(new DiscriminatorOptions());
        Console.WriteLine($"ours threads {torch.get_num_threads()} G params {netG.ParameterCount()} D params {netD.ParameterCount()}");
        using var model = new Pix2PixModel(netG, netD);
        using var realA = torch.rand([batch, 3, size, size]) * 2 - 1;
        using var realB = torch.rand([batch, 3, size, size]) * 2 - 1;
        var times = new List<double>();
        for (var it = 0; it < warmup + iters; it++)
        {
            var sw = Stopwatch.StartNew();
            model.OptimizeParameters(realA, realB);
            if (it >= warmup) times.Add(sw.Elapsed.TotalSeconds);
        }
        return Median(times);
    }

    private static double RunProcess(string file, string args, string marker, params (string Key, string Value)[] env)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        string? line, result = null;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            Console.WriteLine($"  | {line}");
            if (line.StartsWith(marker, StringComparison.Ordinal)) result = line[marker.Length..];
        }
        p.WaitForExit();
        if (p.ExitCode != 0 || result is null) throw new InvalidOperationException($"{file} {args} failed (exit {p.ExitCode})");
        return double.Parse(result, CultureInfo.InvariantCulture);
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs[xs.Count / 2];
    }
}
