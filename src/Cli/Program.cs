using System.CommandLine;
using Pix2Pix.Cli;

var root = new RootCommand("pix2pix — paired image-to-image translation (Isola et al., 2017) for .NET");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(TestCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(QuantizeCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
return CliErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
