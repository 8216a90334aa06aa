using System.CommandLine;
using Pix2Pix.Benchmarks;
using Spectre.Console;

if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;

var root = new RootCommand("pix2pix benchmarks: each command measures us and a peer in the same run and prints the ratio");
root.Subcommands.Add(TrainStepBenchmark.Create());
root.Subcommands.Add(TrainStepBenchmark.CreateWorker());
root.Subcommands.Add(InferBenchmark.Create());
root.Subcommands.Add(ConvertFolderBenchmark.Create());
root.Subcommands.Add(OrtProfileCommand.Create());
root.Subcommands.Add(SoakConvertBenchmark.Create());
root.Subcommands.Add(ServeLoadBenchmark.Create());
return root.Parse(args).Invoke();
