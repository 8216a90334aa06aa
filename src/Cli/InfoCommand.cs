using System.CommandLine;
using Pix2Pix.Imaging;
using Pix2Pix.Inference;
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
        table.AddRow("  package", Markup.Escape(OrtPackage()));
        table.AddRow("  providers", Markup.Escape(OrtProviders()));
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
            return $"{OnnxRuntimeInfo.Version} (Microsoft.ML.OnnxRuntime.Managed {typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version?.ToString(3)})";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return $"not loadable: {e.Message}";
        }
    }

    private static string OrtPackage() => OnnxRuntimeInfo.Package == "cpu"
        ? "cpu (Microsoft.ML.OnnxRuntime: CPU provider only; the default build, -p:OnnxRuntimePackage=gpu, adds CUDA)"
        : "gpu (Microsoft.ML.OnnxRuntime.Gpu: CPU provider, and CUDA when CUDA 13 + cuDNN 9 load; untested here)";

    private static string OrtProviders()
    {
        try
        {
            string providers = string.Join(", ", OnnxRuntimeInfo.AvailableProviders);
            if (!OnnxRuntimeInfo.AvailableProviders.Contains("CUDAExecutionProvider")) return providers;
            return $"{providers}; CUDA on this machine: {OnnxRuntimeInfo.CudaUnavailableReason ?? "its libraries load (convert/evaluate --device cuda use it)"}";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return $"not loadable: {e.Message}";
        }
    }
}
