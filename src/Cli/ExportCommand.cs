using Pix2Pix.Onnx;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using Pix2Pix.Export;
using Microsoft.ML.OnnxRuntime;
using Pix2Pix.Inference;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;
using Spectre.Console;

namespace Pix2Pix.Cli;

/// <summary><c>pix2pix export</c>: a trained generator → an ONNX model, checked by loading and running it in ONNX Runtime.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "training checkpoint (.safetensors), or bare generator weights (.safetensors / official .pth / TorchSharp .dat)", Required = true };
        var output = new Option<string>("--output") { Description = "the .onnx file to write, or a .dat file for the generator's weights in TorchSharp's format (Module.load)", Required = true };
        var opset = new Option<int>("--opset") { Description = $"ONNX opset, {ExportOptions.MinOpset}–{ExportOptions.MaxOpset}", DefaultValueFactory = _ => new ExportOptions().Opset };
        var form = new Option<ConvTransposeForm>("--convtranspose_as") { Description = "U-Net decoder: auto (phases, the narrow output layer as ConvTranspose; default, fastest in ONNX Runtime) | phases (four 2x2 convs + DepthToSpace) | subpixel (one 3x3 conv) | convtranspose (the plain operator)", DefaultValueFactory = _ => new ExportOptions().ConvTransposeAs, CustomParser = CliParsers.ConvTransposeForm };
        var noFoldBn = new Option<bool>("--no_fold_bn") { Description = "keep BatchNormalization nodes instead of folding them into the convolutions" };
        var overwrite = new Option<bool>("--overwrite") { Description = "replace an existing output file" };
        var direction = new Option<Direction?>("--direction") { Description = "recorded in the metadata; default: the training direction, else AtoB" };
        var netG = new Option<NetGKind>("--netG") { Description = "bare weights only: unet_256 | unet_128 | unet_N | resnet_9blocks | resnet_Kblocks", DefaultValueFactory = _ => NetGKind.Unet256, CustomParser = CliParsers.NetG };
        var ngf = new Option<int>("--ngf") { Description = "bare weights only", DefaultValueFactory = _ => 64 };
        var norm = new Option<NormKind>("--norm") { Description = "bare weights only", DefaultValueFactory = _ => NormKind.batch };
        var inputNc = new Option<int>("--input_nc") { Description = "bare weights only", DefaultValueFactory = _ => 3 };
        var outputNc = new Option<int>("--output_nc") { Description = "bare weights only", DefaultValueFactory = _ => 3 };
        var noDropout = new Option<bool>("--no_dropout") { Description = "bare weights only: the generator was built without dropout" };
        var precision = new Option<string>("--precision") { Description = "fp32 | fp16 (float16 weights and computation, float32 input and output)", DefaultValueFactory = _ => "fp32" };
        precision.AcceptOnlyFromAmong("fp32", "fp16");
        opset.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < ExportOptions.MinOpset or > ExportOptions.MaxOpset)
                r.AddError($"--opset {value} is not supported: choose {ExportOptions.MinOpset}–{ExportOptions.MaxOpset}");
        });
        var command = new Command("export", "Export a trained generator to ONNX (eval mode, dynamic batch/height/width) and check it in ONNX Runtime")
            { checkpoint, output, opset, form, noFoldBn, overwrite, direction, netG, ngf, norm, inputNc, outputNc, noDropout, precision };
        command.SetAction(r =>
        {
            var source = r.GetValue(checkpoint)!;
            var target = r.GetValue(output)!;
            if (File.Exists(target) && !r.GetValue(overwrite))
                throw new IOException($"{target} already exists; pass --overwrite to replace it");
            var fallback = new GeneratorOptions
            {
                NetG = r.GetValue(netG)!, Ngf = r.GetValue(ngf), Norm = r.GetValue(norm),
                InputNc = r.GetValue(inputNc), OutputNc = r.GetValue(outputNc), UseDropout = !r.GetValue(noDropout),
            };
            var options = new ExportOptions
            {
                Opset = r.GetValue(opset), FoldBatchNorm = !r.GetValue(noFoldBn), ConvTransposeAs = r.GetValue(form),
                Training = Checkpoint.TryReadOptions(source), Direction = r.GetValue(direction),
                Precision = r.GetValue(precision) == "fp16" ? ExportPrecision.Float16 : ExportPrecision.Float32,
            };

            var (g, net) = Checkpoint.LoadGenerator(source, fallback);
            if (target.EndsWith(".dat", StringComparison.OrdinalIgnoreCase))
            {
                using (net) StateDict.Save(net, target);
                AnsiConsole.MarkupLineInterpolated($"wrote {Path.GetFullPath(target)}: TorchSharp weights of {g.NetG.Name} (ngf {g.Ngf}, {g.Norm} norm); in C#: new UnetGenerator(options).load(path)");
                return 0;
            }
            using (net)
                OnnxExporter.Save(OnnxExporter.Export(net, g, options), target);

            var table = new Table().AddColumns("export", "");
            table.AddRow("output", Markup.Escape(Path.GetFullPath(target)));
            table.AddRow("size", $"{new FileInfo(target).Length / 1e6:F2} MB");
            table.AddRow("generator", Markup.Escape($"{g.NetG.Name}, ngf {g.Ngf}, {g.Norm} norm, {g.InputNc}→{g.OutputNc} channels"));
            table.AddRow("opset", $"{options.Opset} (IR {OnnxExporter.IrVersionFor(options.Opset)})" + (g.Norm == NormKind.batch ? options.FoldBatchNorm ? ", batch norm folded" : ", batch norm kept" : ""));
            table.AddRow("precision", options.Precision == ExportPrecision.Float16 ? "float16 (float32 input and output through Cast)" : "float32");
            table.AddRow("metadata", Markup.Escape($"direction {options.EffectiveDirection}" + (options.Training is null ? ", no training options (bare weights)" : ", training options")));
            var (passed, check) = CheckInOrt(target, g);
            table.AddRow("ONNX Runtime", passed ? $"[green]ok[/] {Markup.Escape(check)}" : $"[red]failed[/] {Markup.Escape(check)}");
            AnsiConsole.Write(table);
            return passed ? 0 : 1;
        });
        return command;
    }

    /// <summary>Loads the saved model and runs it once on zeros of the smallest valid square size.</summary>
    private static (bool Passed, string Detail) CheckInOrt(string path, GeneratorOptions g)
    {
        var multiple = g.NetG.SizeMultiple;
        var side = multiple * (int)Math.Ceiling(16.0 / multiple);
        long[] shape = [1, g.InputNc, side, side];
        try
        {
            using var sessionOptions = new SessionOptions();
            using var session = new InferenceSession(path, sessionOptions);
            using var runOptions = new RunOptions();
            using var x = OrtValue.CreateTensorValueFromMemory(new float[g.InputNc * side * side], shape);
            var clock = Stopwatch.StartNew();
            using var outputs = session.Run(runOptions, [OnnxExporter.InputName], [x], [OnnxExporter.OutputName]);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var y = outputs[0];
            long[] actual = y.GetTensorTypeAndShape().Shape;
            long[] expected = [1, g.OutputNc, side, side];
            if (!actual.SequenceEqual(expected))
                return (false, $"output shape [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
            foreach (var v in y.GetTensorDataAsSpan<float>())
                if (!float.IsFinite(v)) return (false, "the output holds NaN or infinity");
            return (true, $"ONNX Runtime {OnnxRuntimeInfo.Version} ran [{string.Join("×", shape)}] zeros in {elapsed:F0} ms");
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException)
        {
            return (false, e.Message);
        }
    }
}
