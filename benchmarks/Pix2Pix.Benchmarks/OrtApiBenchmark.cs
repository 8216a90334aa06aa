using System.CommandLine;
using System.Diagnostics;
using Pix2Pix.Export;
using Official = Microsoft.ML.OnnxRuntime;
using Ours = Pix2Pix.OnnxRuntime;
using static Pix2Pix.Benchmarks.Samples;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// The official ONNX Runtime C# API (Microsoft.ML.OnnxRuntime.Managed) against our own binding, both over the same
/// libonnxruntime.so from the NuGet package (our binding is pointed at it with PIX2PIX_ONNXRUNTIME), on the unet_256
/// generator at 256², with the same session settings and pinned, pre-allocated input and output tensors: the official API
/// through <c>Run(runOptions, inputNames, inputs, outputNames, outputs)</c>, ours through its IoBinding (its only
/// pre-allocated-output path). Contenders alternate inside every round; ratios are of medians (official ÷ ours time).
/// </summary>
internal static class OrtApiBenchmark
{
    private const int Side = 256;
    private const string OfficialName = "official", OursName = "ours";

    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "rounds; in every round each contender runs --runs times at every batch size, in turns", DefaultValueFactory = _ => 15 };
        var runs = new Option<int>("--runs") { Description = "timed runs per contender per round and batch size", DefaultValueFactory = _ => 3 };
        var batches = new Option<int[]>("--batches") { DefaultValueFactory = _ => [1, 8], AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "intra-op threads of both sessions", DefaultValueFactory = _ => 2 };
        var command = new Command("ort-api", "Official ONNX Runtime C# API vs our binding on the same libonnxruntime.so: unet_256 run time at batch 1 and 8")
            { rounds, runs, batches, threads };
        command.SetAction(r => Run(r.GetValue(rounds), r.GetValue(runs), r.GetValue(batches)!, r.GetValue(threads)));
        return command;
    }

    private static int Run(int rounds, int runs, int[] batches, int threads)
    {
        string loadAtStart = MachineLoad.Now();
        string library = Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so");
        if (!File.Exists(library)) throw new FileNotFoundException($"the NuGet package's ONNX Runtime is not in the output folder: {library}");
        Environment.SetEnvironmentVariable(Ours.OrtLibrary.PathVariable, library);
        string officialVersion = Official.OrtEnv.Instance().GetVersionString();
        if (Ours.OrtLibrary.Version != officialVersion)
            throw new InvalidOperationException($"our binding loaded ONNX Runtime {Ours.OrtLibrary.Version} from {Ours.OrtLibrary.Path}, the official API {officialVersion}");

        using var generator = ExportedGenerator.Create(seed: 0);
        int maxBatch = batches.Max();
        var contenders = new List<IContender>();
        try
        {
            foreach (int b in batches)
            {
                contenders.Add(new OfficialContender(generator.OnnxPath, threads, b));
                contenders.Add(new OurContender(generator.OnnxPath, threads, b));
            }
            Console.WriteLine($"model: {generator.Describe()}; {Side}², {threads} intra-op threads, 1 inter-op thread, graph optimizations all, CPU provider");
            Console.WriteLine($"ONNX Runtime {officialVersion}: official API {typeof(Official.InferenceSession).Assembly.GetName().Version} and our binding both on {Ours.OrtLibrary.Path}");
            foreach (var c in contenders) CheckSameOutput(c, contenders);
            foreach (var c in contenders) { c.Run(); c.Run(); }

            var times = new Samples();
            var perRound = new Samples();
            for (int round = 1; round <= rounds; round++)
            {
                foreach (int b in batches)
                {
                    var pair = contenders.Where(c => c.Batch == b).ToArray();
                    if (round % 2 == 0) Array.Reverse(pair);
                    var thisRound = new Samples();
                    for (int i = 0; i < runs; i++)
                        foreach (var c in pair)
                        {
                            double ms = Time(c);
                            times.Add(Key(c.Name, b), ms);
                            thisRound.Add(c.Name, ms);
                        }
                    perRound.Add(Key("ratio", b), thisRound.Median(OfficialName) / thisRound.Median(OursName));
                }
                Console.WriteLine($"round {round}/{rounds}: " + string.Join(", ", batches.Select(b =>
                    $"b{b} official {F(times.Median(Key(OfficialName, b)), 1)} ms, ours {F(times.Median(Key(OursName, b)), 1)} ms (medians so far)")));
            }
            foreach (int b in batches)
            {
                double official = times.Median(Key(OfficialName, b)), ours = times.Median(Key(OursName, b));
                Console.WriteLine($"b{b}: official {F(official, 2)} ms/run, ours {F(ours, 2)} ms/run, {times.Count(Key(OursName, b))} runs each " +
                                  $"(official min {F(times.Min(Key(OfficialName, b)), 2)}, ours min {F(times.Min(Key(OursName, b)), 2)})");
            }
            foreach (int b in batches)
                Console.WriteLine($"b{b} per-round official ÷ ours: {perRound.List(Key("ratio", b), 3)}");
            foreach (int b in batches)
                Console.WriteLine($"official_vs_ours_b{b}={F(times.Median(Key(OfficialName, b)) / times.Median(Key(OursName, b)), 4)} " +
                                  $"(median of per-round ratios {F(perRound.Median(Key("ratio", b)), 4)})");
            Console.WriteLine("(official ÷ ours run time: ratio of the medians over all runs; goal <= 1.02)");
            Console.WriteLine($"load average (1 min) at the start {loadAtStart}, at the end {MachineLoad.Now()}, on {Environment.ProcessorCount} cores");
        }
        finally
        {
            foreach (var c in contenders) c.Dispose();
        }
        return 0;
    }

    private static string Key(string name, int batch) => $"{name} b{batch}";

    private static double Time(IContender c)
    {
        long start = Stopwatch.GetTimestamp();
        c.Run();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Both contenders of a batch size must compute the same output from the same input.</summary>
    private static void CheckSameOutput(IContender c, List<IContender> all)
    {
        var peer = all.First(o => o.Batch == c.Batch && o != c);
        c.Run();
        peer.Run();
        var a = c.Output;
        var b = peer.Output;
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        if (max > 1e-5f) throw new InvalidOperationException($"{c.Name} and {peer.Name} differ by {max} at batch {c.Batch}");
    }

    private static float[] Input(int batch)
    {
        var rng = new Random(batch);
        var x = new float[batch * 3 * Side * Side];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    private interface IContender : IDisposable
    {
        string Name { get; }
        int Batch { get; }
        float[] Output { get; }
        void Run();
    }

    private sealed class OfficialContender : IContender
    {
        private readonly Official.InferenceSession _session;
        private readonly Official.RunOptions _runOptions = new();
        private readonly Official.OrtValue _input, _output;
        private readonly string[] _inputNames = [OnnxExporter.InputName], _outputNames = [OnnxExporter.OutputName];
        private readonly Official.OrtValue[] _inputs, _outputs;

        public OfficialContender(string model, int threads, int batch)
        {
            Batch = batch;
            using (var options = new Official.SessionOptions
            {
                IntraOpNumThreads = threads, InterOpNumThreads = 1,
                GraphOptimizationLevel = Official.GraphOptimizationLevel.ORT_ENABLE_ALL,
                ExecutionMode = Official.ExecutionMode.ORT_SEQUENTIAL,
            })
                _session = new Official.InferenceSession(model, options);
            long[] shape = [batch, 3, Side, Side];
            Output = new float[batch * 3 * Side * Side];
            _input = Official.OrtValue.CreateTensorValueFromMemory(Input(batch), shape);
            _output = Official.OrtValue.CreateTensorValueFromMemory(Output, shape);
            _inputs = [_input];
            _outputs = [_output];
        }

        public string Name => OfficialName;
        public int Batch { get; }
        public float[] Output { get; }

        public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

        public void Dispose()
        {
            _output.Dispose();
            _input.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
        }
    }

    private sealed class OurContender : IContender
    {
        private readonly Ours.InferenceSession _session;
        private readonly Ours.OrtValue _input, _output;
        private readonly Ours.IoBinding _binding;

        public OurContender(string model, int threads, int batch)
        {
            Batch = batch;
            using (var options = new Ours.SessionOptions
            {
                IntraOpNumThreads = threads, InterOpNumThreads = 1,
                GraphOptimizationLevel = Ours.GraphOptimizationLevel.All, ExecutionMode = Ours.ExecutionMode.Sequential,
            })
                _session = new Ours.InferenceSession(model, options);
            long[] shape = [batch, 3, Side, Side];
            Output = new float[batch * 3 * Side * Side];
            _input = Ours.OrtValue.CreateTensor(Input(batch), shape);
            _output = Ours.OrtValue.CreateTensor(Output, shape);
            _binding = _session.CreateIoBinding();
            _binding.BindInput(OnnxExporter.InputName, _input);
            _binding.BindOutput(OnnxExporter.OutputName, _output);
        }

        public string Name => OursName;
        public int Batch { get; }
        public float[] Output { get; }

        public void Run() => _session.RunWithBinding(_binding);

        public void Dispose()
        {
            _binding.Dispose();
            _output.Dispose();
            _input.Dispose();
            _session.Dispose();
        }
    }
}
