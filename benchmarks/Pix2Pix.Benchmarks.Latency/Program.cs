using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Pix2Pix.Benchmarks.Latency;

if (args is ["--quick", ..])
{
    var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 24;
    var threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
    QuickComparison.Run(seconds, threads);
    return 0;
}

// DefaultConfig already exports GitHub markdown, CSV and HTML into the artifacts folder (--artifacts DIR).
var config = DefaultConfig.Instance
    .AddColumn(new ImagesPerSecondColumn());
BenchmarkSwitcher.FromAssembly(typeof(LatencyBenchmarks).Assembly).Run(args, config);
return 0;
