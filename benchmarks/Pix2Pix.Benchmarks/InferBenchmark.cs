using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;
using Pix2Pix.Export;
using Pix2Pix.Imaging;
using Pix2Pix.Inference;
using Pix2Pix.Onnx;
using Pix2Pix.Training;
using TorchSharp;
using Spectre.Console;
using static Pix2Pix.Benchmarks.Samples;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// unet_256 inference at 256² for several batch sizes, in ms per image: our production pipeline end to end on encoded
/// PNGs, the model alone in ONNX Runtime through our binding, and libtorch's eager eval forward through our Torch
/// binding. Contenders take turns in rounds; each reports the median over all its timed iterations.
/// </summary>
internal static class InferBenchmark
{
    private const int Side = 256;
    private const string Pipeline = "pipeline", Ort = "raw ORT", Torch = "libtorch eager";

    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "rounds in which every contender takes a turn at every batch size", DefaultValueFactory = _ => 7 };
        var images = new Option<int>("--images") { Description = "images per batch size per round for raw ORT (one timed iteration per model run)", DefaultValueFactory = _ => 16 };
        var torchImages = new Option<int>("--torch-images") { Description = "the same for libtorch (slower, so fewer)", DefaultValueFactory = _ => 8 };
        var minIterations = new Option<int>("--min-iterations") { Description = "timed iterations per round of raw ORT and of libtorch at least, at every batch size (one libtorch forward at batch 8 is a single sample otherwise)", DefaultValueFactory = _ => 3 };
        var stream = new Option<int>("--stream") { Description = "images per pipeline run (one timed iteration); at least 8 batches", DefaultValueFactory = _ => 64 };
        var batches = new Option<int[]>("--batches") { Description = "batch sizes", DefaultValueFactory = _ => [1, 4, 8], AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads and libtorch threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<long>("--seed") { Description = "seed of the generator's random weights", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "facades training pairs (default: shared/data/facades/train next to the repo)" };
        var decoder = new Option<ConvTransposeForm>("--convtranspose-as") { Description = "decoder form of the export: Auto (the exporter's default) | SubPixelPhases | SubPixel | ConvTranspose", DefaultValueFactory = _ => new ExportOptions().ConvTransposeAs };
        var pipelineThreads = new Option<int>("--pipeline-threads") { Description = "intra-op threads per run of the pipeline's session (0: as pix2pix convert, CpuParallelism.Split)", DefaultValueFactory = _ => 0 };
        var pipelineRuns = new Option<int>("--pipeline-runs") { Description = "PipelineOptions.ConcurrentRuns (0: as pix2pix convert, CpuParallelism.Split)", DefaultValueFactory = _ => 0 };
        var stockTorch = new Option<bool>("--stock-libtorch") { Description = "libtorch with the kernels the official PyTorch code runs (transposed convolutions as ConvTranspose2d) instead of our optimized ones (subPixelUpsampling off)" };
        var config = new Option<string[]>("--pipeline-config") { Description = "extra ONNX Runtime session config entries for the pipeline's session, key=value", AllowMultipleArgumentsPerToken = true };
        var command = new Command("infer", "unet_256 inference: our pipeline end to end vs raw ONNX Runtime vs libtorch eager, ms/image at batch 1/4/8")
            { rounds, images, torchImages, minIterations, stream, batches, threads, seed, data, decoder, config, pipelineThreads, pipelineRuns, stockTorch };
        command.SetAction(r => Run(r.GetValue(rounds), r.GetValue(images), r.GetValue(torchImages), r.GetValue(minIterations), r.GetValue(stream), r.GetValue(batches)!,
                                   r.GetValue(threads), r.GetValue(seed), r.GetValue(data) ?? FacadesLabels.DefaultFolder(), r.GetValue(decoder),
                                   (r.GetValue(config) ?? []).Select(e => e.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]),
                                   r.GetValue(pipelineThreads), r.GetValue(pipelineRuns), r.GetValue(stockTorch)));
        return command;
    }

    private static int Run(int rounds, int images, int torchImages, int minIterations, int stream, int[] batches, int threads, long seed, string data, ConvTransposeForm decoder, Dictionary<string, string> config, int pipelineThreads, int pipelineRuns, bool stockTorch)
    {
        string loadAtStart = MachineLoad.Now();
        torch.set_num_threads(threads);
        using var generator = ExportedGenerator.Create(seed, decoder, subPixelUpsampling: !stockTorch);
        (pipelineRuns, pipelineThreads) = CpuParallelism.Split(threads, pipelineRuns, pipelineThreads);
        var labels = FacadesLabels.Pairs(data).Take(16).Select(FacadesLabels.Label).ToList();
        try
        {
            if (labels.Any(l => l.Width != Side || l.Height != Side)) throw new InvalidDataException($"expected {Side}×{Side} label maps in {data}");
            var pngs = labels.Select(l => ImageCodec.Encode(l, ".png")).ToList();
            int maxBatch = batches.Max();
            using var ort = new RawOrt(generator.OnnxPath, threads, labels, maxBatch);
            using var eager = new EagerTorch(generator.Net, labels, maxBatch);
            var pipelines = batches.ToDictionary(b => b, b => new PipelineStream(generator.OnnxPath, pipelineThreads, b, pngs, config, pipelineRuns));
            try
            {
                Console.WriteLine($"model: {generator.Describe()}; {Side}², {threads} threads (ORT intra-op, libtorch), ONNX Runtime {OnnxRuntimeInfo.Version}; libtorch kernels: {(stockTorch ? "stock (ConvTranspose2d)" : "ours (optimized)")}");
                var p = pipelines[batches[0]].Options;
                Console.WriteLine($"pipeline: TranslationPipeline (the pix2pix convert / ConversionPlan path) over {pngs.Count} in-memory facades label PNGs " +
                                  $"(avg {pngs.Average(b => b.Length) / 1024:F0} KB): {p.DecodeWorkers} decode worker(s) → preprocess → batch → ORT → postprocess → PNG encode ({p.EncodeWorkers} worker(s)); {p.ConcurrentRuns} model run(s) in flight × {pipelineThreads} intra-op thread(s) (pix2pix convert's CPU default); raw ORT: one run at a time × {threads} threads (Translator's default)");
                Console.WriteLine($"codec work per image on one thread (decode, to tensor, from tensor, PNG encode of a model output): {F(CodecMilliseconds(pngs, ort.FirstOutput()), 1)} ms");
                var wall = new Samples();
                var cpu = new Samples();
                var paired = new Samples();
                // Warm-up: every concurrent run of a pipeline takes its own activations from the session's arena on its first batch.
                foreach (int b in batches)
                {
                    ort.RunSeconds(b);
                    eager.RunSeconds(b);
                    pipelines[b].RunSeconds(Math.Max(stream, 8 * b), Side);
                }
                for (int round = 1; round <= rounds; round++)
                {
                    Console.WriteLine($"round {round}/{rounds}");
                    foreach (int b in batches)
                    {
                        int pipelineCount = Math.Max(stream, 8 * b);
                        double pipe = Measure(wall, cpu, Key(Pipeline, b), pipelineCount, () => pipelines[b].RunSeconds(pipelineCount, Side));
                        var (raw, eagerMs) = MeasureAlternately(wall, cpu, b,
                            (Key(Ort, b), Math.Max(minIterations, images / b), () => ort.RunSeconds(b)),
                            (Key(Torch, b), Math.Max(minIterations, torchImages / b), () => eager.RunSeconds(b)));
                        paired.Add(Key(Pipeline, b), raw / pipe);
                        paired.Add(Key(Torch, b), eagerMs / raw);
                    }
                }
                Report(batches, wall, cpu, paired);
                Console.WriteLine($"load average (1 min) at the start {loadAtStart}, at the end {MachineLoad.Now()}, on {Environment.ProcessorCount} cores");
            }
            finally
            {
                foreach (var pipeline in pipelines.Values) pipeline.Dispose();
            }
        }
        finally
        {
            foreach (var l in labels) l.Dispose();
        }
        return 0;
    }

    /// <summary>Median milliseconds of the pipeline's per-image work outside the model, on one thread.</summary>
    private static double CodecMilliseconds(IReadOnlyList<byte[]> pngs, float[] output)
    {
        var samples = new Samples();
        var tensor = new float[output.Length];
        for (int i = 0; i < 2 * pngs.Count; i++)
        {
            var clock = Stopwatch.StartNew();
            using (var decoded = ImageCodec.Decode(pngs[i % pngs.Count]))
            using (var bgr = ImageConvert.To8Bit(decoded))
                ImageTensor.ToChw(bgr, tensor);
            using (var result = ImageTensor.FromChw(output, 3, Side, Side))
                ImageCodec.Encode(result, ".png");
            if (i >= pngs.Count) samples.Add("codec", clock.Elapsed.TotalMilliseconds);
        }
        return samples.Median("codec");
    }

    private static string Key(string contender, int batch) => $"{contender} b{batch}";

    /// <summary>
    /// Timed iterations of two contenders taken in turns (a, b, a, b, … until each has its count), so that both sample the
    /// same stretch of this VM's drifting speed; records ms/image (wall and process CPU) and returns each one's median in
    /// this call.
    /// </summary>
    private static (double A, double B) MeasureAlternately(Samples wall, Samples cpu, int imagesPerIteration,
                                                           (string Key, int Iterations, Func<double> Run) a, (string Key, int Iterations, Func<double> Run) b)
    {
        var thisRound = new Samples();
        for (int i = 0; i < Math.Max(a.Iterations, b.Iterations); i++)
        {
            if (i < a.Iterations) Time(a.Key, a.Run);
            if (i < b.Iterations) Time(b.Key, b.Run);
        }
        return (thisRound.Median(a.Key), thisRound.Median(b.Key));

        void Time(string key, Func<double> run) =>
            thisRound.Add(key, Measure(wall, cpu, key, imagesPerIteration, run));
    }

    /// <summary>One timed iteration of <paramref name="imagesPerIteration"/> images; records and returns its wall ms/image.</summary>
    private static double Measure(Samples wall, Samples cpu, string key, int imagesPerIteration, Func<double> run)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        double ms = run() * 1000 / imagesPerIteration;
        process.Refresh();
        wall.Add(key, ms);
        cpu.Add(key, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / imagesPerIteration);
        return ms;
    }

    /// <summary>
    /// The table of medians over all rounds, and the goal ratios as medians of per-round ratios: each round's contenders
    /// run back to back, so a round's ratio compares them on the machine as it was then (this VM's speed drifts by
    /// 10–20 % over tens of seconds, which the medians over all rounds mix into the ratio).
    /// </summary>
    private static void Report(int[] batches, Samples wall, Samples cpu, Samples paired)
    {
        var table = new Table().AddColumns("batch", "pipeline ms/img", "raw ORT ms/img", "libtorch ms/img", "pipeline/ORT img/s",
                                           "ORT/libtorch img/s", "process CPU ms/img (pipeline · ORT · libtorch)", "timed iterations");
        var pipelineRatios = new List<(int Batch, double Ratio)>();
        var torchRatios = new List<(int Batch, double Ratio)>();
        foreach (int b in batches)
        {
            double pipe = wall.Median(Key(Pipeline, b)), ort = wall.Median(Key(Ort, b)), eager = wall.Median(Key(Torch, b));
            pipelineRatios.Add((b, paired.Median(Key(Pipeline, b))));
            torchRatios.Add((b, paired.Median(Key(Torch, b))));
            table.AddRow(b.ToString(CultureInfo.InvariantCulture), F(pipe, 1), F(ort, 1), F(eager, 1),
                $"{F(ort / pipe, 3)} (rounds: {F(paired.Median(Key(Pipeline, b)), 3)})", $"{F(eager / ort, 2)} (rounds: {F(paired.Median(Key(Torch, b)), 2)})",
                $"{F(cpu.Median(Key(Pipeline, b)), 0)} · {F(cpu.Median(Key(Ort, b)), 0)} · {F(cpu.Median(Key(Torch, b)), 0)}",
                $"{wall.Count(Key(Pipeline, b))} · {wall.Count(Key(Ort, b))} · {wall.Count(Key(Torch, b))}");
        }
        AnsiConsole.Write(table);
        Console.WriteLine("ratio columns: of the medians over all rounds, and (rounds:) the median of per-round ratios, which the goals use");
        foreach (int b in batches)
            Console.WriteLine($"b{b} per-round pipeline/ORT: {paired.List(Key(Pipeline, b), 3)}; ORT/libtorch: {paired.List(Key(Torch, b), 2)}");
        Console.WriteLine($"pipeline_vs_raw_ort={F(pipelineRatios.Min(r => r.Ratio), 3)} (goal >= 0.95; lowest over batches: {Each(pipelineRatios, 3)})");
        Console.WriteLine($"ort_vs_libtorch={F(torchRatios.Min(r => r.Ratio), 2)} (goal >= 3; lowest over batches: {Each(torchRatios, 2)})");
    }

    private static string Each(List<(int Batch, double Ratio)> ratios, int decimals) =>
        string.Join(", ", ratios.Select(r => $"b{r.Batch} {F(r.Ratio, decimals)}"));
}
