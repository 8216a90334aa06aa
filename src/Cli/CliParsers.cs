using Pix2Pix.Onnx;
using System.CommandLine.Parsing;
using Pix2Pix.Export;
using Pix2Pix.Training.Networks;

namespace Pix2Pix.Cli;

/// <summary>Option parsers shared by several verbs, so each value is read one way everywhere.</summary>
internal static class CliParsers
{
    /// <summary><c>--netG</c>: <see cref="NetGKind.Parse"/>, with its message as the parse error.</summary>
    public static NetGKind? NetG(ArgumentResult r)
    {
        try { return NetGKind.Parse(r.Tokens[0].Value); }
        catch (FormatException e) { r.AddError(e.Message); return null; }
    }

    /// <summary><c>--convtranspose_as</c>: auto | phases | subpixel | convtranspose.</summary>
    public static Onnx.ConvTransposeForm ConvTransposeForm(ArgumentResult r)
    {
        switch (r.Tokens[0].Value.ToLowerInvariant())
        {
            case "auto": return Onnx.ConvTransposeForm.Auto;
            case "phases" or "subpixelphases": return Onnx.ConvTransposeForm.SubPixelPhases;
            case "subpixel": return Onnx.ConvTransposeForm.SubPixel;
            case "convtranspose": return Onnx.ConvTransposeForm.ConvTranspose;
            case var other:
                r.AddError($"unknown --convtranspose_as '{other}': auto | phases | subpixel | convtranspose");
                return default;
        }
    }

    /// <summary>
    /// <c>--device</c> of the ONNX Runtime verbs: cpu | cuda | cuda:N | auto (auto and cuda both mean CUDA device 0, with the
    /// CPU as fallback unless <c>--strict_device</c>).
    /// </summary>
    public static (int? GpuDeviceId, bool FallbackToCpu) OrtDevice(string device, bool strict)
    {
        string d = device.Trim().ToLowerInvariant();
        if (d == "cpu") return (null, false);
        if (d is "auto" or "cuda") return (0, !strict);
        if (d.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(d[5..], out int id) && id >= 0) return (id, !strict);
        throw new ArgumentException($"--device '{device}' is not one of cpu, cuda, cuda:N, auto");
    }
}
