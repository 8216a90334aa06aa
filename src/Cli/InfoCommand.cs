using System.CommandLine;
using Pix2Pix.Imaging;
using Pix2Pix.OnnxRuntime;
using Pix2Pix.Training;
using TorchSharp;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary><c>pix2pix info</c>: the engines found (TorchSharp and its libtorch, OpenCV, ONNX Runtime), CUDA availability and threads.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the TorchSharp, libtorch, OpenCV and ONNX Runtime versions found, CUDA and threads");
        command.SetAction(_ => Print());
        return command;
    }

    private static int Print()
    {
        var table = new Table().AddColumn("component").AddColumn("found");
        table.AddRow("TorchSharp", Markup.Escape($"{typeof(torch).Assembly.GetName().Version} ({Devices.Backend} package) — {typeof(torch).Assembly.Location}"));
        table.AddRow("  libtorch", Markup.Escape($"{torch.__version__}"));
        table.AddRow("  CUDA", torch.cuda.is_available()
            ? $"available, {torch.cuda.device_count()} device(s)"
            : Devices.Backend == "cpu" ? "not in this build (TorchSharp-cpu; -p:TorchSharpBackend=cuda-linux selects the CUDA packages, untested)" : "CUDA build, but no GPU is visible");
        table.AddRow("  threads", $"libtorch default {torch.get_num_threads()} of {Environment.ProcessorCount} cores; train/test/demo use --threads (default {Environment.ProcessorCount}); OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE (set by pix2pix)"}");
        table.AddRow("  convolutions", Markup.Escape(TorchRuntime.OneDnnDisabledReason ?? "oneDNN (passed the gradient check)"));
        table.AddRow("OpenCV", Markup.Escape(OpenCvVersion()));
        table.AddRow("ONNX Runtime", Markup.Escape(OrtVersion()));
        table.AddRow(".NET", Markup.Escape(Environment.Version.ToString()));
        AnsiConsole.Write(table);
        return 0;
    }

    private static string OpenCvVersion()
    {
        try
        {
            return $"{OpenCvRuntime.Version} (OpenCvSharp {OpenCvRuntime.OpenCvSharpVersion}, official linux-x64 runtime)";
        }
        catch (OpenCvUnavailableException e)
        {
            return $"not loadable: {e.Message}";
        }
    }

    private static string OrtVersion()
    {
        try
        {
            return $"{OrtLibrary.Version} — {OrtLibrary.Path}; providers compiled in: {string.Join(", ", OrtLibrary.AvailableProviders)} " +
                   "(CUDA runs only where its provider library and a GPU are present; convert --device auto falls back to CPU)";
        }
        catch (Exception e)
        {
            return $"not found: {e.Message}";
        }
    }
}
