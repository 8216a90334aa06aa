using System.Diagnostics;

namespace Pix2Pix.Tests.Shared;

/// <summary>Runs python-onnx's full model check (checker + strict shape inference) on saved models, in one process.</summary>
internal static class OnnxChecker
{
    public const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys, onnx
        for path in sys.argv[1:]:
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            print("ok", path)
        """;

    /// <summary>Returns the checker's output; fails the test when python, onnx or any check fails.</summary>
    public static string Check(IReadOnlyList<string> paths)
    {
        Assert.True(File.Exists(Python), $"{Python} not found: install python3 and python3-onnx (scripts/bootstrap.sh does)");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script.Replace("\r", ""));
        foreach (var path in paths) start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0,
            $"onnx checker failed (exit {process.ExitCode}; a missing 'onnx' module means python3-onnx is not installed):\n{stdout}\n{stderr.Result}");
        return stdout;
    }
}
