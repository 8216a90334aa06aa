using System.Globalization;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Export;

/// <summary>The <c>metadata_props</c> keys written into every exported model, and the model's doc string.</summary>
public static class ModelDescription
{
    public const string Direction = "direction";
    public const string InputNc = "input_nc";
    public const string OutputNc = "output_nc";
    public const string Normalization = "normalization";
    public const string SizeMultiple = "size_multiple";
    public const string NetG = "netG";
    public const string Ngf = "ngf";
    public const string Norm = "norm";
    public const string BatchNormFolded = "batchnorm_folded";
    /// <summary>The training options as JSON; present only when they were known at export time.</summary>
    public const string TrainingOptions = "training_options";

    /// <summary>How images map to the model's input range (and back, with the inverse).</summary>
    public const string NormalizationValue = "[-1,1]: x/127.5-1";

    internal static IReadOnlyList<KeyValuePair<string, string>> Metadata(GeneratorOptions g, ExportOptions e)
    {
        var entries = new List<KeyValuePair<string, string>>
        {
            new(Direction, e.EffectiveDirection.ToString()),
            new(InputNc, Invariant(g.InputNc)),
            new(OutputNc, Invariant(g.OutputNc)),
            new(Normalization, NormalizationValue),
            new(SizeMultiple, Invariant(g.NetG.SizeMultiple)),
            new(NetG, g.NetG.Name),
            new(Ngf, Invariant(g.Ngf)),
            new(Norm, g.Norm.ToString()),
            new(BatchNormFolded, e.FoldBatchNorm && g.Norm == NormKind.batch ? "true" : "false"),
        };
        if (e.Training is not null) entries.Add(new(TrainingOptions, OptionsJson.Serialize(e.Training)));
        return entries;
    }

    internal static string DocString(GeneratorOptions g, ExportOptions e) =>
        $"pix2pix generator {g.NetG.Name} (ngf {g.Ngf}, {g.Norm} norm), {e.EffectiveDirection}. " +
        $"Input 'input': float32 [batch, {g.InputNc}, height, width] scaled to [-1, 1] (x/127.5 - 1), " +
        $"height and width multiples of {g.NetG.SizeMultiple}. " +
        $"Output 'output': float32 [batch, {g.OutputNc}, height, width] in [-1, 1] (tanh); pixels = (y + 1) * 127.5.";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
