using System.Diagnostics;
using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

/// <summary>The models written by scripts/make_inference_fixtures.py, reference computations and image helpers.</summary>
internal static class Fixtures
{
    public static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "inference", name);

    public static string ConvTanh => Model("conv_tanh.onnx");
    public static string Unet => Model("unet.onnx");
    public static string Gray => Model("gray.onnx");

    public static TranslatorOptions Light { get; } = new() { IntraOpThreads = 1 };

    public static string CliDll => typeof(Fixtures).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliDll").Value!;

    /// <summary>Noise over a smooth gradient, so both resampling and local filters have something to do.</summary>
    public static Mat Image(int width, int height, int channels = 3, int seed = 1)
    {
        var rng = new Random(seed);
        var pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < channels; c++)
                    pixels[(y * width + x) * channels + c] = (byte)Math.Clamp(80 * c + x * 200 / Math.Max(1, width) + y * 50 / Math.Max(1, height) + rng.Next(-40, 41), 0, 255);
        return Pixels.FromBytes(pixels, height, width, channels);
    }

    /// <summary>conv_tanh.onnx: W[o,c,kh,kw] = ((o*27 + c*9 + kh*3 + kw) % 13 - 6) / 20, B = [0.1, -0.2, 0.05].</summary>
    public static float Weight(int o, int c, int kh, int kw) => ((o * 27 + c * 9 + kh * 3 + kw) % 13 - 6) / 20f;

    public static readonly float[] Bias = [0.1f, -0.2f, 0.05f];

    /// <summary>3×3 convolution (zero padding 1), 3 → 3 channels, then tanh; one CHW image.</summary>
    public static float[] ReferenceConvTanh(float[] x, int h, int w)
    {
        var y = new float[3 * h * w];
        for (int o = 0; o < 3; o++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                {
                    double acc = Bias[o];
                    for (int c = 0; c < 3; c++)
                        for (int kh = 0; kh < 3; kh++)
                            for (int kw = 0; kw < 3; kw++)
                            {
                                int yi = i + kh - 1, xj = j + kw - 1;
                                if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
                                acc += Weight(o, c, kh, kw) * x[(c * h + yi) * w + xj];
                            }
                    y[(o * h + i) * w + j] = (float)Math.Tanh(acc);
                }
        return y;
    }

    /// <summary>Runs a model directly on one CHW image; returns the output CHW and its shape.</summary>
    public static (float[] Data, long[] Shape) OrtRun(string model, float[] chw, int channels, int height, int width)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
        using var runOptions = new RunOptions();
        using var x = OrtValue.CreateTensorValueFromMemory(chw, [1, channels, height, width]);
        using var results = session.Run(runOptions, [session.InputNames[0]], [x], [session.OutputNames[0]]);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
    }

    /// <summary>Translates <paramref name="fitted"/> (already at a size the model takes) with ONNX Runtime directly.</summary>
    public static Mat OrtTranslate(string model, Mat fitted, int outputChannels = 3)
    {
        var (data, shape) = OrtRun(model, ImageTensor.ToChw(fitted), fitted.Channels(), fitted.Height, fitted.Width);
        return ImageTensor.FromChw(data, outputChannels, (int)shape[2], (int)shape[3]);
    }

    /// <summary>Largest per-value difference and the count of differing values.</summary>
    public static (int Max, int Differing) Compare(Mat a, Mat b)
    {
        Assert.Equal((a.Width, a.Height, a.Channels()), (b.Width, b.Height, b.Channels()));
        byte[] x = Pixels.ToBytes(a), y = Pixels.ToBytes(b);
        int max = 0, differing = 0;
        for (int i = 0; i < x.Length; i++)
        {
            int d = Math.Abs(x[i] - y[i]);
            if (d == 0) continue;
            differing++;
            max = Math.Max(max, d);
        }
        return (max, differing);
    }

    public static void AssertSame(Mat expected, Mat actual)
    {
        var (max, differing) = Compare(expected, actual);
        Assert.True(differing == 0, $"{differing} values differ, by up to {max}");
    }

    /// <summary>Runs the built <c>pix2pix</c> CLI; returns its exit code and its output with whitespace collapsed.</summary>
    public static Task<(int Code, string Output)> Cli(params string[] args) => Cli(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Cli(string[])"/>, with extra environment variables for the process.</summary>
    public static async Task<(int Code, string Output)> Cli(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Assert.True(File.Exists(CliDll), $"the CLI was not built at {CliDll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliDll);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["COLUMNS"] = "400";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, System.Text.RegularExpressions.Regex.Replace(await stdout + await stderr, @"\s+", " "));
    }
}

/// <summary>A temporary folder removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "p2p-inference-" + Guid.NewGuid().ToString("N")[..12]);

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public string Write(string relative, byte[] bytes)
    {
        string full = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
