using System.CommandLine;
using Pix2Pix.OnnxRuntime;
using Pix2Pix.OpenCv;
using Pix2Pix.Torch;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary><c>pix2pix info</c>: the engines found, BLAS in use, CUDA availability and threads.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the libtorch, OpenCV and ONNX Runtime versions found, BLAS, CUDA and threads");
        command.SetAction(_ => Print());
        return command;
    }

    private static int Print()
    {
        var table = new Table().AddColumn("component").AddColumn("found");
        table.AddRow("libtorch", Markup.Escape($"{torch.Version} ({BlasInUse()})"));
        table.AddRow("  CUDA", torch.cuda_is_available() ? $"available, {torch.cuda_device_count()} device(s)" : "not available (CPU build or no GPU)");
        table.AddRow("  threads", $"libtorch default {torch.get_num_threads()} of {Environment.ProcessorCount} cores; train/test/demo use --threads (default {Environment.ProcessorCount})");
        table.AddRow("OpenCV", Markup.Escape(Cv.Version));
        table.AddRow("ONNX Runtime", Markup.Escape(OrtVersion()));
        table.AddRow(".NET", Markup.Escape(Environment.Version.ToString()));
        AnsiConsole.Write(table);
        return 0;
    }

    /// <summary>The BLAS library libtorch actually resolved at run time, read from this process's mappings.</summary>
    private static string BlasInUse()
    {
        var mapped = File.ReadLines("/proc/self/maps")
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .Where(p => p.Contains("blas", StringComparison.OrdinalIgnoreCase) || p.Contains("mkl", StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .Select(p => File.Exists(p) ? new FileInfo(p).ResolveLinkTarget(true)?.FullName ?? p : p)
            .Distinct()
            .ToList();
        var blas = mapped.Count == 0 ? "no BLAS mapped" : string.Join(", ", mapped);
        if (blas.Contains("openblas", StringComparison.OrdinalIgnoreCase)) return $"BLAS: OpenBLAS — {blas}";
        if (blas.Contains("mkl", StringComparison.OrdinalIgnoreCase)) return $"BLAS: MKL — {blas}";
        return $"BLAS: {blas} (reference BLAS is ~5x slower: install libopenblas0-pthread)";
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
