using System.CommandLine;
using Pix2Pix.Benchmarks;

var root = new RootCommand("pix2pix benchmarks: each command measures us and a peer in the same run and prints the ratio");
root.Subcommands.Add(TrainStepBenchmark.Create());
return root.Parse(args).Invoke();
