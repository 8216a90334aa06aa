using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Pix2Pix.Torch;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using Spectre.Console;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// One unet_256 + basic D pix2pix iteration (batch 1, 256² by default), on the same libtorch, by: libtorch's C++
/// API, our C# stack with the same kernels (the binding's overhead), our C# stack with its optimized kernels, and
/// the official-equivalent PyTorch step when available. Contenders take turns in rounds so that drifts in machine
/// load hit all of them alike; the median over every timed iteration is reported with the ratios.
/// </summary>
internal static class TrainStepBenchmark
{
    public static Command Create()
    {
        var iters = new Option<int>("--iters") { Description = "timed iterations per contender per round", DefaultValueFactory = _ => 4 };
        var rounds = new Option<int>("--rounds") { Description = "rounds in which every contender takes a turn", DefaultValueFactory = _ => 3 };
        var size = new Option<int>("--size") { Description = "image side", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "batch size", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "intra-op threads for every contender", DefaultValueFactory = _ => Environment.ProcessorCount };
        var python = new Option<string?>("--python-peer") { Description = "path of shared/peer/pix2pix_step.py (found automatically next to the repo)" };
        var command = new Command("train-step", "C# training iteration vs libtorch C++ and PyTorch on the same libtorch") { iters, rounds, size, batch, threads, python };
        command.SetAction(r => Run(r.GetValue(iters), r.GetValue(rounds), r.GetValue(size), r.GetValue(batch), r.GetValue(threads), r.GetValue(python)));
        return command;
    }

    private static int Run(int iters, int rounds, int size, int batch, int threads, string? pythonPeer)
    {
        var repo = RepoPaths.Root();
        var cppPeer = NativePeer.Build(repo);
        pythonPeer ??= Path.Combine(repo, "..", "shared", "peer", "pix2pix_step.py");
        var havePython = File.Exists(pythonPeer) && File.Exists("/usr/bin/python3");
        // Peers wait on OpenMP the way we do (we default to PASSIVE, see Pix2Pix.Torch.OpenMpDefaults).
        var waitPolicy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE";
        (string, string)[] env = [("OMP_NUM_THREADS", threads.ToString(CultureInfo.InvariantCulture)), ("OMP_WAIT_POLICY", waitPolicy)];
        Console.WriteLine($"OMP_WAIT_POLICY={waitPolicy} for every contender");

        torch.set_num_threads(threads);
        torch.manual_seed(0);
        using var model = new Pix2PixModel(NetworkFactory.CreateGenerator(new GeneratorOptions()), NetworkFactory.CreateDiscriminator(new DiscriminatorOptions()));
        using var realA = torch.rand([batch, 3, size, size]) * 2 - 1;
        using var realB = torch.rand([batch, 3, size, size]) * 2 - 1;
        Console.WriteLine($"ours threads {torch.get_num_threads()} G params {model.NetG.ParameterCount()} D params {model.NetD.ParameterCount()}");

        var times = new Dictionary<string, List<double>>();
        void Add(string name, IEnumerable<double> t) => (times.TryGetValue(name, out var l) ? l : times[name] = []).AddRange(t);
        const string Cpp = "libtorch C++ (torch::nn, torch::optim)", Ref = "ours, reference kernels (same work as C++)",
                     Opt = "ours, optimized kernels (default)", Py = "PyTorch (official-equivalent step)";
        for (var round = 1; round <= rounds; round++)
        {
            Console.WriteLine($"round {round}/{rounds}");
            Add(Cpp, PeerTimes(cppPeer, $"{iters} 1 {size} {batch} {threads}", "iter ", env));
            Add(Ref, OurTimes(model, realA, realB, iters, optimized: false));
            Add(Opt, OurTimes(model, realA, realB, iters, optimized: true));
            if (havePython)
                Add(Py, PeerTimes("/usr/bin/python3", $"{pythonPeer} --iters {iters} --warmup 1 --size {size} --batch {batch} --threads {threads}", "iter ", env));
        }
        Kernels.Optimized = true;

        var median = times.ToDictionary(kv => kv.Key, kv => Median(kv.Value));
        var table = new Table().AddColumns("contender", "median s/iter", "iterations", "speed-up of ours (optimized) over this");
        foreach (var (name, t) in times)
            table.AddRow(name, median[name].ToString("F4", CultureInfo.InvariantCulture), t.Count.ToString(CultureInfo.InvariantCulture),
                         (median[name] / median[Opt]).ToString("F2", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        Console.WriteLine($"binding_overhead_vs_cpp_percent={((median[Ref] / median[Cpp] - 1) * 100).ToString("F1", CultureInfo.InvariantCulture)} (goal <= 5: same kernels, C# vs C++)");
        if (havePython)
            Console.WriteLine($"speedup_vs_official_pytorch={(median[Py] / median[Opt]).ToString("F2", CultureInfo.InvariantCulture)} (goal >= 1.25)");
        return 0;
    }

    private static List<double> OurTimes(Pix2PixModel model, Tensor realA, Tensor realB, int iters, bool optimized)
    {
        Kernels.Optimized = optimized;
        model.OptimizeParameters(realA, realB);
        var times = new List<double>();
        for (var it = 0; it < iters; it++)
        {
            var sw = Stopwatch.StartNew();
            model.OptimizeParameters(realA, realB);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        return times;
    }

    /// <summary>Runs a peer and collects the seconds from its "iter K SECONDS s" lines.</summary>
    private static List<double> PeerTimes(string file, string args, string marker, params (string Key, string Value)[] env)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var times = new List<double>();
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
        {
            if (!line.StartsWith(marker, StringComparison.Ordinal)) continue;
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
        return sorted[sorted.Count / 2];
    }
}
