using System.Globalization;
using Pix2Pix.Onnx;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Export;

/// <summary>What every exported model says about itself: its <c>metadata_props</c> (read back by <see cref="GeneratorMetadata"/>) and its doc string.</summary>
internal static class ModelDescription
{
    internal static IReadOnlyList<KeyValuePair<string, string>> Metadata(GeneratorOptions g, ExportOptions e)
    {
        var entries = new List<KeyValuePair<string, string>>
        {
            new(GeneratorMetadata.DirectionKey, e.EffectiveDirection.ToString()),
            new(GeneratorMetadata.InputNcKey, Invariant(g.InputNc)),
            new(GeneratorMetadata.OutputNcKey, Invariant(g.OutputNc)),
            new(GeneratorMetadata.NormalizationKey, GeneratorMetadata.NormalizationValue),
            new(GeneratorMetadata.SizeMultipleKey, Invariant(g.NetG.SizeMultiple)),
            new(GeneratorMetadata.NetGKey, g.NetG.Name),
            new(GeneratorMetadata.NgfKey, Invariant(g.Ngf)),
            new(GeneratorMetadata.NormKey, g.Norm.ToString()),
            new(GeneratorMetadata.BatchNormFoldedKey, e.FoldBatchNorm && g.Norm == NormKind.batch ? "true" : "false"),
        };
        if (e.Training is not null)
        {
            entries.Add(new(GeneratorMetadata.CropSizeKey, Invariant(e.Training.Data.CropSize)));
            entries.Add(new(GeneratorMetadata.TrainingOptionsKey, OptionsJson.Serialize(e.Training)));
        }
        return entries;
    }

    internal static string DocString(GeneratorOptions g, ExportOptions e) =>
        $"pix2pix generator {g.NetG.Name} (ngf {g.Ngf}, {g.Norm} norm), {e.EffectiveDirection}. " +
        $"Input 'input': float32 [batch, {g.InputNc}, height, width] scaled to [-1, 1] (x/127.5 - 1), " +
        $"height and width multiples of {g.NetG.SizeMultiple}. " +
        $"Output 'output': float32 [batch, {g.OutputNc}, height, width] in [-1, 1] (tanh); pixels = (y + 1) * 127.5.";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
