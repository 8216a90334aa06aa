using Pix2Pix.Onnx;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pix2Pix.Export;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// Where ONNX Runtime spends its time on the unet_256 generator: runs the model with ONNX Runtime's profiler and
/// sums node durations per operator type (and lists the slowest nodes). A diagnostic, not a benchmark.
/// </summary>
internal static class OrtProfileCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo?>("--model") { Description = "ONNX model to profile (default: a fresh unet_256 export)" };
        var decoder = new Option<ConvTransposeForm>("--convtranspose-as") { Description = "decoder form of the fresh export", DefaultValueFactory = _ => new ExportOptions().ConvTransposeAs };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 4 };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 2 };
        var runs = new Option<int>("--runs") { DefaultValueFactory = _ => 10 };
        var top = new Option<int>("--top") { Description = "slowest nodes listed", DefaultValueFactory = _ => 12 };
        var command = new Command("ort-profile", "ONNX Runtime's per-node profile of the generator, summed by operator type")
        {
            model, decoder, batch, threads, runs, top,
        };
        command.SetAction(r => Run(r.GetValue(model), r.GetValue(decoder), r.GetValue(batch), r.GetValue(threads), r.GetValue(runs), r.GetValue(top)));
        return command;
    }

    private static int Run(FileInfo? modelFile, ConvTransposeForm decoder, int batch, int threads, int runs, int top)
    {
        using var generator = modelFile is null ? ExportedGenerator.Create(seed: 0, decoder) : null;
        var path = modelFile?.FullName ?? generator!.OnnxPath;
        var prefix = Path.Combine(Path.GetTempPath(), $"pix2pix-ort-profile-{Environment.ProcessId}");
        string trace;
        using (var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, EnableProfiling = true, ProfileOutputPathPrefix = prefix })
        using (var session = new InferenceSession(path, options))
        using (var runOptions = new RunOptions())
        {
            long[] shape = [batch, 3, 256, 256];
            using var value = OrtValue.CreateTensorValueFromMemory(new float[batch * 3 * 256 * 256], shape);
            using var output = OrtValue.CreateTensorValueFromMemory(new float[batch * 3 * 256 * 256], shape);
            for (var i = 0; i < runs + 1; i++)
                session.Run(runOptions, ["input"], [value], ["output"], [output]);
            trace = session.EndProfiling();
        }
        var nodes = Nodes(trace);
        File.Delete(trace);

        // The first run includes allocations; keep the last `runs` runs: node events come in run order.
        var perRun = nodes.GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.Skip(1).Select(n => n.Microseconds).DefaultIfEmpty(0).Average());
        var opOf = nodes.GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.First().Op);
        var total = perRun.Values.Sum();
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(path)}[/]: batch {batch}, {threads} thread(s), mean of {runs} runs: nodes {total / 1000:F1} ms per run = {total / 1000 / batch:F1} ms/img");
        var byOp = new Table().AddColumns("op", "nodes", "ms/run", "share");
        foreach (var g in perRun.GroupBy(kv => opOf[kv.Key]).OrderByDescending(g => g.Sum(kv => kv.Value)))
            byOp.AddRow(g.Key, g.Count().ToString(CultureInfo.InvariantCulture), (g.Sum(kv => kv.Value) / 1000).ToString("F2", CultureInfo.InvariantCulture), (g.Sum(kv => kv.Value) / total).ToString("P1", CultureInfo.InvariantCulture));
        AnsiConsole.Write(byOp);
        var slowest = new Table().AddColumns("node", "op", "ms/run");
        foreach (var kv in perRun.OrderByDescending(kv => kv.Value).Take(top))
            slowest.AddRow(Markup.Escape(kv.Key), opOf[kv.Key], (kv.Value / 1000).ToString("F2", CultureInfo.InvariantCulture));
        AnsiConsole.Write(slowest);
        return 0;
    }

    private sealed record NodeEvent(string Name, string Op, double Microseconds);

    private static List<NodeEvent> Nodes(string tracePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(tracePath));
        var list = new List<NodeEvent>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (e.GetProperty("cat").GetString() != "Node") continue;
            var name = e.GetProperty("name").GetString()!;
            if (!name.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
            var op = e.TryGetProperty("args", out var a) && a.TryGetProperty("op_name", out var o) ? o.GetString()! : "?";
            list.Add(new NodeEvent(name[..^"_kernel_time".Length], op, e.GetProperty("dur").GetDouble()));
        }
        return list;
    }
}
