using Pix2Pix.Imaging;
using Pix2Pix.Training;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary>Turns failures into one clear message and a non-zero exit code instead of a stack trace.</summary>
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
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {TorchRuntime.DescribeLoadFailure(e) ?? OpenCvRuntime.DescribeLoadFailure(e) ?? e.Message}");
            if (Environment.GetEnvironmentVariable("PIX2PIX_DEBUG") == "1") AnsiConsole.WriteException(e);
            return 1;
        }
    }
}
