using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using static Pix2Pix.Benchmarks.Samples;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// A long <c>pix2pix convert</c> in a real process: the facades label maps repeated to thousands of files, the
/// process's resident memory sampled from <c>/proc</c> as it goes, a SIGKILL half way, then a rerun that must finish
/// the rest (skipping what is done) and leave every output whole and no temporary file behind.
/// </summary>
internal static class SoakConvertBenchmark
{
    public static Command Create()
    {
        var images = new Option<int>("--images") { Description = "files to convert (the 400 label maps repeated)", DefaultValueFactory = _ => 10_000 };
        var model = new Option<string?>("--model") { Description = "exported generator (default: the committed onnx/demo_unet64.onnx)" };
        var killAt = new Option<double>("--kill-at") { Description = "share of the files converted when the first run is SIGKILLed (0: no kill)", DefaultValueFactory = _ => 0.5 };
        var warmup = new Option<int>("--warmup") { Description = "converted files after which memory must stay flat", DefaultValueFactory = _ => 1_000 };
        var data = new Option<string?>("--data") { Description = "facades training pairs (default: shared/data/facades/train next to the repo)" };
        var report = new Option<string?>("--report") { Description = "folder for rss.csv and rss.png (default: the work folder, deleted at the end)" };
        var extra = new Option<string[]>("--convert-arg") { Description = "extra argument for pix2pix convert (repeat)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("soak-convert", "pix2pix convert over thousands of images in a child process: memory curve, SIGKILL half way, rerun finishes the rest")
            { images, model, killAt, warmup, data, report, extra };
        command.SetAction(r => Run(r.GetValue(images), r.GetValue(model) ?? Path.Combine(RepoPaths.Root(), "onnx", "demo_unet64.onnx"),
            r.GetValue(killAt), r.GetValue(warmup), r.GetValue(data) ?? FacadesLabels.DefaultFolder(), r.GetValue(report), r.GetValue(extra) ?? []));
        return command;
    }

    private sealed record Sample(double Seconds, int Run, int Done, double RssMiB);

    private static int Run(int count, string model, double killAt, int warmup, string data, string? reportDir, string[] extra)
    {
        if (count < 1) throw new ArgumentException("--images must be positive");
        string cli = Path.Combine(RepoPaths.Root(), "artifacts", "cli", "pix2pix.dll");
        if (!File.Exists(cli)) throw new FileNotFoundException($"{cli} not found: build the CLI first (./pix2pix info)");
        var work = Path.Combine(Path.GetTempPath(), $"pix2pix-soak-{Environment.ProcessId}");
        string labels = Path.Combine(work, "labels"), input = Path.Combine(work, "input"), output = Path.Combine(work, "output");
        try
        {
            string loadAtStart = MachineLoad.Now();
            int distinct = FacadesLabels.WritePngs(FacadesLabels.Pairs(data), labels);
            var sources = Directory.GetFiles(labels).Order(StringComparer.Ordinal).ToArray();
            for (int i = 0; i < count; i++)
            {
                string folder = Path.Combine(input, $"r{i / sources.Length:D3}");
                Directory.CreateDirectory(folder);
                File.Copy(sources[i % sources.Length], Path.Combine(folder, Path.GetFileName(sources[i % sources.Length])));
            }
            Console.WriteLine($"input: {count} PNG files ({distinct} facades label maps repeated) in {input}; model {model}; load average at the start {loadAtStart} on {Environment.ProcessorCount} cores");

            string[] args = ["exec", cli, "convert", "--model", model, "--input", input, "--output", output, .. extra];
            var samples = new List<Sample>();
            var clock = Stopwatch.StartNew();
            int killAfter = killAt > 0 ? (int)(count * killAt) : int.MaxValue;
            var (firstCode, firstLog) = Watch(args, 1, output, killAfter, samples, clock);
            int afterKill = CountOutputs(output), leftAfterKill = TempFiles(output).Length;
            Console.WriteLine($"run 1: exit {firstCode} after {F(clock.Elapsed.TotalSeconds, 1)} s; {afterKill} outputs, {leftAfterKill} temporary file(s) left by the kill");
            int secondCode = 0;
            string secondLog = "";
            if (afterKill < count)
            {
                (secondCode, secondLog) = Watch(args, 2, output, int.MaxValue, samples, clock);
                Console.WriteLine($"run 2: exit {secondCode} after {F(clock.Elapsed.TotalSeconds, 1)} s in all");
                Console.WriteLine("run 2 said: " + LastLines(secondLog, 3));
            }

            var (whole, broken) = CheckOutputs(output);
            string[] left = TempFiles(output);
            Console.WriteLine($"outputs: {whole} whole PNG files for {count} inputs, {broken} broken, {left.Length} temporary file(s) left");
            bool memoryFlat = ReportMemory(samples, warmup, count, reportDir ?? work);
            bool killed = killAt <= 0 || firstCode == 137;
            if (!killed) Console.WriteLine($"run 1 was not killed (exit {firstCode}): {LastLines(firstLog, 5)}");
            bool ok = killed && secondCode == 0 && whole == count && broken == 0 && left.Length == 0;
            Console.WriteLine($"soak={(ok ? "pass" : "FAIL")} memory_flat={(memoryFlat ? "yes" : "no")}");
            return ok && memoryFlat ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs the CLI, sampling its resident memory and progress every half second; SIGKILLs it once <paramref name="killAfter"/> outputs exist.</summary>
    private static (int Code, string Log) Watch(string[] args, int run, string output, int killAfter, List<Sample> samples, Stopwatch clock)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (!process.WaitForExit(500))
        {
            double? rss = ResidentMiB(process.Id);
            int done = CountOutputs(output);
            if (rss is { } mib) samples.Add(new Sample(clock.Elapsed.TotalSeconds, run, done, mib));
            if (done >= killAfter)
            {
                process.Kill(entireProcessTree: false); // SIGKILL on Linux
                process.WaitForExit();
                break;
            }
        }
        process.WaitForExit();
        lock (log) return (process.ExitCode, log.ToString());
    }

    internal static double? ResidentMiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return double.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return null;
    }

    private static int CountOutputs(string output) =>
        Directory.Exists(output) ? Directory.EnumerateFiles(output, "*.png", SearchOption.AllDirectories).Count(p => !Path.GetFileName(p).StartsWith('.')) : 0;

    private static string[] TempFiles(string output) =>
        Directory.Exists(output) ? Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Where(p => Path.GetFileName(p).StartsWith('.')).ToArray() : [];

    /// <summary>Whole files: a PNG signature and an IEND chunk at the very end (what a truncated write lacks).</summary>
    private static (int Whole, int Broken) CheckOutputs(string output)
    {
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        ReadOnlySpan<byte> iend = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
        int whole = 0, broken = 0;
        foreach (var path in Directory.EnumerateFiles(output, "*.png", SearchOption.AllDirectories).Where(p => !Path.GetFileName(p).StartsWith('.')))
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length > 20 && bytes.AsSpan(0, 8).SequenceEqual(signature) && bytes.AsSpan(bytes.Length - 8).SequenceEqual(iend)) whole++;
            else broken++;
        }
        return (whole, broken);
    }

    /// <summary>
    /// Prints the memory curve (every 5 % of the files) and writes it as CSV and PNG. Flat: after <paramref name="warmup"/>
    /// files of a run (and before it ends), the least-squares growth is under 1 MiB per 1,000 files and the peak is within 10 % of the post-warm-up median.
    /// </summary>
    private static bool ReportMemory(List<Sample> samples, int warmup, int count, string folder)
    {
        Directory.CreateDirectory(folder);
        var csv = new StringBuilder("seconds,run,converted,rss_mib\n");
        foreach (var s in samples) csv.AppendLine(CultureInfo.InvariantCulture, $"{F(s.Seconds, 1)},{s.Run},{s.Done},{F(s.RssMiB, 1)}");
        File.WriteAllText(Path.Combine(folder, "rss.csv"), csv.ToString());
        Console.WriteLine("resident memory of pix2pix convert (MiB) by files converted:");
        for (int step = 1; step <= 20; step++)
        {
            int at = count * step / 20;
            var near = samples.Where(s => s.Done <= at).LastOrDefault();
            if (near is not null) Console.WriteLine($"  {at,6} files  run {near.Run}  {F(near.RssMiB, 0),6} MiB  ({F(near.Seconds, 0)} s)");
        }
        bool flat = true;
        foreach (int run in samples.Select(s => s.Run).Distinct())
        {
            int firstDone = samples.Where(x => x.Run == run).Min(x => x.Done);
            var steady = samples.Where(s => s.Run == run && s.Done >= firstDone + warmup && s.Done < count).ToList(); // not the shutdown
            if (steady.Count < 10) { Console.WriteLine($"run {run}: too few samples after warm-up to judge"); continue; }
            double slope = Slope(steady.Select(s => (double)s.Done).ToArray(), steady.Select(s => s.RssMiB).ToArray()) * 1000;
            var sorted = steady.Select(s => s.RssMiB).Order().ToArray();
            double median = sorted[sorted.Length / 2], peak = sorted[^1], low = sorted[0];
            bool runFlat = slope < 1 && peak <= median * 1.10;
            flat &= runFlat;
            Console.WriteLine($"run {run} after warm-up ({steady.Count} samples, files {steady[0].Done}..{steady[^1].Done}): median {F(median, 0)} MiB, min {F(low, 0)}, max {F(peak, 0)}, slope {F(slope, 2)} MiB per 1,000 files → {(runFlat ? "flat" : "NOT flat")}");
        }
        DrawPng(samples, Path.Combine(folder, "rss.png"));
        Console.WriteLine($"curve: {Path.Combine(folder, "rss.csv")}, {Path.Combine(folder, "rss.png")}");
        return flat;
    }

    internal static double Slope(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private static void DrawPng(List<Sample> samples, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (int run in samples.Select(s => s.Run).Distinct())
        {
            var mine = samples.Where(s => s.Run == run).ToArray();
            var line = plot.Add.Scatter(mine.Select(s => s.Seconds).ToArray(), mine.Select(s => s.RssMiB).ToArray());
            line.LegendText = run == 1 ? "run 1 (SIGKILLed)" : $"run {run} (resumes)";
            line.MarkerSize = 0;
        }
        plot.Title("pix2pix convert: resident memory");
        plot.XLabel("seconds");
        plot.YLabel("RSS (MiB)");
        plot.Axes.SetLimitsY(0, samples.Max(s => s.RssMiB) * 1.15);
        plot.ShowLegend();
        plot.SavePng(path, 900, 400);
    }

    private static string LastLines(string log, int n) => string.Join(" | ", log.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(n));
}
