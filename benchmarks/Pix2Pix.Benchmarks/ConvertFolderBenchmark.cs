using System.CommandLine;
using System.Diagnostics;
using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Inference;
using TorchSharp;
using Spectre.Console;
using static Pix2Pix.Benchmarks.Samples;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// Folder conversion of the 400 facades label maps with a unet_256 (the <c>pix2pix convert</c> path:
/// <see cref="ConversionPlan"/> + <see cref="TranslationPipeline"/>, PNG files in and out) against the model alone
/// (raw ONNX Runtime on ready tensors at the same batch size), taking turns in rounds.
/// </summary>
internal static class ConvertFolderBenchmark
{
    private const int Side = 256;
    private const string Folder = "folder conversion", ModelOnly = "model only (raw ORT)";

    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "rounds; each converts the whole folder once and runs the model alone", DefaultValueFactory = _ => 3 };
        var modelRuns = new Option<int>("--model-runs") { Description = "timed model-only runs per round", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch") { Description = "batch size of both", DefaultValueFactory = _ => 4 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var seed = new Option<long>("--seed") { Description = "seed of the generator's random weights", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "facades training pairs (default: shared/data/facades/train next to the repo)" };
        var command = new Command("convert-folder", "pix2pix convert's path over the 400 facades label maps vs the model alone in ONNX Runtime")
            { rounds, modelRuns, batch, threads, seed, data };
        command.SetAction(r => Run(r.GetValue(rounds), r.GetValue(modelRuns), r.GetValue(batch), r.GetValue(threads), r.GetValue(seed),
                                   r.GetValue(data) ?? FacadesLabels.DefaultFolder()));
        return command;
    }

    private static int Run(int rounds, int modelRuns, int batch, int threads, long seed, string data)
    {
        var work = Path.Combine(Path.GetTempPath(), $"pix2pix-bench-convert-{Environment.ProcessId}");
        string input = Path.Combine(work, "labels"), output = Path.Combine(work, "translated");
        try
        {
            string loadAtStart = MachineLoad.Now();
            var pairs = FacadesLabels.Pairs(data);
            int count = FacadesLabels.WritePngs(pairs, input);
            torch.set_num_threads(threads);
            using var generator = ExportedGenerator.Create(seed);
            var (runs, threadsPerRun) = CpuParallelism.Split(threads);
            using var translator = new Translator(generator.OnnxPath, new TranslatorOptions { BatchSize = batch, IntraOpThreads = threadsPerRun });
            var pipelineOptions = new PipelineOptions { ConcurrentRuns = runs };
            List<Mat> ready = Directory.EnumerateFiles(input).Order().Take(batch).Select(p => ImageCodec.Read(p)).ToList();
            using var ort = new RawOrt(generator.OnnxPath, threads, ready, batch);
            foreach (var m in ready) m.Dispose();

            Console.WriteLine($"model: {generator.Describe()}; batch {batch}, {threads} ORT intra-op threads, ONNX Runtime {OnnxRuntimeInfo.Version}");
            Console.WriteLine($"input: {count} label maps {Side}×{Side} PNG cut from {data} (not timed); folder conversion: ConversionPlan.Create + RunAsync " +
                              $"({pipelineOptions.DecodeWorkers} decode / {pipelineOptions.EncodeWorkers} encode workers, {runs} model runs in flight × {threadsPerRun} thread(s) as pix2pix convert, PNG out, written atomically); model only: one run at a time × {threads} threads");
            ort.RunSeconds(batch);
            var samples = new Samples();
            ConvertSummary? last = null;
            for (int round = 1; round <= rounds; round++)
            {
                if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
                var clock = Stopwatch.StartNew();
                var plan = ConversionPlan.Create(new ConvertOptions { InputDirectory = input, OutputDirectory = output, Format = OutputFormat.Png });
                last = plan.RunAsync(translator, pipelineOptions).GetAwaiter().GetResult();
                double seconds = clock.Elapsed.TotalSeconds;
                samples.Add(Folder, count / seconds);
                Console.WriteLine($"round {round}/{rounds}: folder {F(count / seconds, 2)} img/s ({last.Converted} converted, {last.Failed.Count} failed, {F(seconds, 1)} s)");
                var thisRound = new Samples();
                for (int i = 0; i < modelRuns; i++)
                {
                    double imagesPerSecond = batch / ort.RunSeconds(batch);
                    samples.Add(ModelOnly, imagesPerSecond);
                    thisRound.Add(ModelOnly, imagesPerSecond);
                }
                Console.WriteLine($"round {round}/{rounds}: model only {F(thisRound.Median(ModelOnly), 2)} img/s (median of {modelRuns} runs)");
            }
            var (written, wrongSize) = CheckOutputs(output);
            Console.WriteLine($"load average (1 min) at the start {loadAtStart}, at the end {MachineLoad.Now()}, on {Environment.ProcessorCount} cores");

            double folder = samples.Median(Folder), model = samples.Median(ModelOnly);
            var table = new Table().AddColumns("contender", "img/s (median)", "ms/img", "timed iterations");
            table.AddRow(Folder + $" ({count} files)", F(folder, 2), F(1000 / folder, 1), samples.Count(Folder).ToString());
            table.AddRow(ModelOnly + $", batch {batch}", F(model, 2), F(1000 / model, 1), samples.Count(ModelOnly).ToString());
            AnsiConsole.Write(table);
            Console.WriteLine($"outputs: {written} PNG files for {count} inputs, {wrongSize} not {Side}×{Side} RGB, {last!.Failed.Count} failed");
            Console.WriteLine($"folder_vs_model_only={F(folder / model, 3)} (goal >= 0.9)");
            return written == count && wrongSize == 0 && last.Succeeded ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Counts the converted files and those that are not Side×Side 3-channel images.</summary>
    private static (int Written, int WrongSize) CheckOutputs(string output)
    {
        int written = 0, wrong = 0;
        foreach (var path in Directory.EnumerateFiles(output, "*.png"))
        {
            written++;
            using var image = ImageCodec.Read(path);
            if (image.Width != Side || image.Height != Side || image.Channels() != 3) wrong++;
        }
        return (written, wrong);
    }
}
