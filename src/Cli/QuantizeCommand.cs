using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using Google.Protobuf;
using Pix2Pix.Export;
using Pix2Pix.Onnx.Quantization;
using Pix2Pix.Onnx;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary><c>pix2pix quantize</c>: a float32 ONNX generator → a static int8 QDQ model calibrated on a folder of images.</summary>
internal static class QuantizeCommand
{
    private const int ComparedImages = 4;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "float32 generator exported by pix2pix export (.onnx)", Required = true };
        var calibration = new Option<string>("--calibration") { Description = "folder of sample inputs (searched recursively), preprocessed like pix2pix convert", Required = true };
        var output = new Option<string>("--output") { Description = "the int8 .onnx file to write", Required = true };
        var method = new Option<CalibrationMethod>("--method") { Description = "activation ranges: minmax | percentile", DefaultValueFactory = _ => CalibrationMethod.Percentile, CustomParser = ParseMethod };
        var percentile = new Option<double>("--percentile") { Description = "kept share of values for --method percentile, in (50, 100]", DefaultValueFactory = _ => 99.99 };
        var maxImages = new Option<int>("--max_images") { Description = "calibration images used at most (spread over the sorted folder)", DefaultValueFactory = _ => 64 };
        var size = new Option<int?>("--size") { Description = "side the calibration images are resized to (default 256, rounded up to the model's size multiple)" };
        var aligned = new Option<bool>("--aligned") { Description = "images are A|B training pairs: calibrate on the half the model takes (its direction metadata)" };
        var form = new Option<ConvTransposeForm>("--convtranspose_as") { Description = "decoder form: auto (phases, and one 3x3 conv for the narrow output layer; default) | phases (four 2x2 convs) | subpixel (one 3x3 conv) | convtranspose (stays float in ONNX Runtime)", DefaultValueFactory = _ => QuantizeOptions.DefaultConvTransposeForm, CustomParser = CliParsers.ConvTransposeForm };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads for calibration (0: one per core)", DefaultValueFactory = _ => 0 };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an existing output file" };
        var saveOptimized = new Option<string?>("--save_optimized") { Description = "also write the graph ONNX Runtime actually runs after its fusions (.onnx) to this path" };
        var command = new Command("quantize", "Quantize an exported float32 generator to int8 (QDQ: uint8 activations, int8 per-channel weights) for ONNX Runtime on CPU")
            { model, calibration, output, method, percentile, maxImages, size, aligned, form, threads, overwrite, saveOptimized };
        command.SetAction(r =>
        {
            var source = r.GetValue(model)!;
            var target = r.GetValue(output)!;
            if (File.Exists(target) && !r.GetValue(overwrite))
                throw new IOException($"{target} already exists; pass --overwrite to replace it");
            if (!File.Exists(source)) throw new FileNotFoundException($"model {source} not found");
            var options = new QuantizeOptions
            {
                Method = r.GetValue(method), Percentile = r.GetValue(percentile), MaxImages = r.GetValue(maxImages),
                ImageSize = r.GetValue(size), AlignedPairs = r.GetValue(aligned), ConvTransposeAs = r.GetValue(form), Threads = r.GetValue(threads),
            };
            var fp32 = ModelProto.Parser.ParseFrom(File.ReadAllBytes(source));
            var folder = r.GetValue(calibration)!;

            var clock = Stopwatch.StartNew();
            var int8 = Quantizer.Quantize(fp32, folder, options);
            var elapsed = clock.Elapsed;
            OnnxExporter.Save(int8, target);

            var summary = QdqSummary.Of(int8);
            var table = new Table().AddColumns("quantize", "");
            table.AddRow("output", Markup.Escape($"{Path.GetFullPath(target)} ({new FileInfo(target).Length / 1e6:F2} MB; float32 {new FileInfo(source).Length / 1e6:F2} MB)"));
            table.AddRow("calibration", Markup.Escape(int8.MetadataProps.First(p => p.Key == GeneratorMetadata.QuantizationKey).Value + $"; {elapsed.TotalSeconds:F1} s"));
            table.AddRow("Conv nodes with QDQ", $"{summary.QdqConvs} of {summary.Convs}" + (summary.ConvTransposes > 0 ? $"; {summary.ConvTransposes} ConvTranspose left in float" : ""));
            table.AddRow("int8 vs float32", Markup.Escape(Compare(fp32, int8, folder, options)));
            table.AddRow("ONNX Runtime runs", Markup.Escape(Kernels(int8, r.GetValue(saveOptimized))));
            AnsiConsole.Write(table);
            if (summary.QdqConvs == 0) throw new InvalidOperationException("no convolution was quantized");
            return 0;
        });
        return command;
    }

    /// <summary>The convolution kernels in ONNX Runtime's optimized graph: every convolution should be QLinearConv.</summary>
    private static string Kernels(ModelProto int8, string? savePath)
    {
        var path = savePath ?? Path.Combine(Path.GetTempPath(), $"pix2pix-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            var ops = OptimizedGraph.OpCounts(OptimizedGraph.Save(int8, path));
            var floats = OptimizedGraph.FloatConvolutionOps.Where(ops.ContainsKey).Select(o => $"{o} {ops[o]}").ToList();
            return $"QLinearConv {ops.GetValueOrDefault("QLinearConv")}, float convolutions: {(floats.Count == 0 ? "none" : string.Join(", ", floats))}" +
                   (savePath is null ? "" : $"; optimized graph saved to {Path.GetFullPath(savePath)}");
        }
        finally
        {
            if (savePath is null) File.Delete(path);
        }
    }

    /// <summary>PSNR of the int8 model's output against the float32 model's on the first calibration images.</summary>
    private static string Compare(ModelProto fp32, ModelProto int8, string folder, QuantizeOptions options)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = options.Threads };
        using var reference = new InferenceSession(fp32.ToByteArray(), sessionOptions);
        using var quantized = new InferenceSession(int8.ToByteArray(), sessionOptions);
        using var runOptions = new RunOptions();
        double squares = 0;
        long count = 0;
        var images = 0;
        foreach (var batch in CalibrationImages.ForModel(fp32, folder, options with { MaxImages = ComparedImages }))
        {
            var a = RunOnce(reference, runOptions, batch);
            var b = RunOnce(quantized, runOptions, batch);
            for (var i = 0; i < a.Length; i++) squares += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
            count += a.Length;
            images++;
        }
        var psnr = squares == 0 ? double.PositiveInfinity : 10 * Math.Log10(4 / (squares / count));
        return $"PSNR {psnr:F1} dB over {images} calibration image(s) (outputs in [-1, 1])";
    }

    private static float[] RunOnce(InferenceSession session, RunOptions runOptions, CalibrationBatch batch)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(batch.Values, batch.Shape);
        using var y = session.Run(runOptions, [session.InputNames[0]], [x], [session.OutputNames[0]]);
        return y[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static CalibrationMethod ParseMethod(ArgumentResult r) => r.Tokens[0].Value.ToLowerInvariant() switch
    {
        "minmax" or "min-max" => CalibrationMethod.MinMax,
        "percentile" => CalibrationMethod.Percentile,
        var other => Fail<CalibrationMethod>(r, $"unknown --method '{other}': minmax | percentile"),
    };

    private static T Fail<T>(ArgumentResult r, string message) where T : struct
    {
        r.AddError(message);
        return default;
    }
}
