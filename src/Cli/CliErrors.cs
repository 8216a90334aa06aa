using Pix2Pix.Imaging;
using Pix2Pix.Training;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary>Turns failures into one clear line and a non-zero exit code instead of a stack trace.</summary>
internal static class CliErrors
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string message = TorchRuntime.DescribeLoadFailure(e) ?? OpenCvRuntime.DescribeLoadFailure(e) ?? e.Message;
            // Written past Spectre's word wrap, which would break it at 80 columns when the output is redirected: one line.
            AnsiConsole.Markup("[red]error:[/] ");
            AnsiConsole.Profile.Out.Writer.WriteLine(message);
            if (Environment.GetEnvironmentVariable("PIX2PIX_DEBUG") == "1") AnsiConsole.WriteException(e);
            return 1;
        }
    }
}
