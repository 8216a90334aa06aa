using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Pix2Pix.Benchmarks.Latency;

if (args is ["--quick", ..])
{
    var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 24;
    var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
    QuickComparison.Run(seconds, threads);
    return 0;
}

// DefaultConfig already exports GitHub markdown, CSV and HTML into the artifacts folder (--artifacts DIR).
// Unless --job is given: one launch, 3 warm-up and 12 measured iterations per case, so the whole suite (24 cases,
// some taking 1.5 s per operation) fits in about ten minutes on two cores. In process: the project BenchmarkDotNet
// would generate and build for each case does not get TorchSharp's native libraries (the models are exported with it).
var config = DefaultConfig.Instance
    .AddColumn(new ImagesPerSecondColumn());
if (!args.Any(a => a is "--job" or "-j"))
    config = config.AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).WithToolchain(InProcessEmitToolchain.Instance).WithId("Pix2Pix"));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(LatencyBenchmarks).Assembly).Run(args, config);
MLNetRatios.Print(summaries);
return 0;
