using System.Diagnostics;
using System.Text;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

/// <summary>
/// The CLI on a machine that lacks a system library of OpenCvSharp's runtime: a copy of the built CLI whose
/// libOpenCvSharpExtern.so asks for a libgtk-3 that no machine has (the rest of the folder linked, not copied).
/// </summary>
public sealed class OpenCvLoadFailureTests
{
    [Fact]
    public async Task Convert_prints_one_error_line_naming_the_packages_and_exits_1()
    {
        using var dir = new TempDir();
        string cli = CopyCliWithBrokenOpenCv(dir["cli"]);
        using (Mat image = Fixtures.Image(16, 16))
            dir.Write("in/a.png", ImageCodec.Encode(image, ".png"));

        var (code, lines) = await Run(cli, "convert", "--model", Fixtures.ConvTanh, "--input", dir["in"], "--output", dir["out"]);

        Assert.Equal(1, code);
        string error = Assert.Single(lines, l => l.Contains("error", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("error: OpenCV could not be loaded", error);
        Assert.True(error.Contains("libgtk-3.so.9"), error);
        Assert.Contains("sudo apt-get install libgtk-3-0 libdrm2 libatomic1", error);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.False(Directory.Exists(dir["out"]) && Directory.EnumerateFiles(dir["out"], "*.png", SearchOption.AllDirectories).Any());
    }

    private static string CopyCliWithBrokenOpenCv(string target)
    {
        string source = Path.GetDirectoryName(Fixtures.CliDll)!;
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(source))
        {
            string name = Path.GetFileName(file), copy = Path.Combine(target, name);
            if (name == "libOpenCvSharpExtern.so")
                File.WriteAllBytes(copy, WithRenamedNeed(File.ReadAllBytes(file), "libgtk-3.so.0", "libgtk-3.so.9"));
            else if (name.Contains(".so", StringComparison.Ordinal))
                File.CreateSymbolicLink(copy, file);
            else
                File.Copy(file, copy);
        }
        return Path.Combine(target, Path.GetFileName(Fixtures.CliDll));
    }

    private static byte[] WithRenamedNeed(byte[] library, string need, string replacement)
    {
        byte[] from = Encoding.ASCII.GetBytes(need + "\0"), to = Encoding.ASCII.GetBytes(replacement + "\0");
        int at = library.AsSpan().IndexOf(from);
        Assert.True(at > 0 && from.Length == to.Length, $"libOpenCvSharpExtern.so no longer names {need}");
        to.CopyTo(library, at);
        return library;
    }

    private static async Task<(int Code, string[] Lines)> Run(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "2000";
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string all = System.Text.RegularExpressions.Regex.Replace(await stdout + await stderr, "\u001b\\[[0-9;]*m", "");
        return (process.ExitCode, all.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
