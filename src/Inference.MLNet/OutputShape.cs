using Microsoft.ML;
using Microsoft.ML.Data;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// Adds the output columns to a <see cref="SchemaShape"/>. ML.NET keeps the constructors of <see cref="SchemaShape.Column"/>
/// internal, so the shape comes from a never-run <c>CustomMapping</c> estimator whose output class has the same column types.
/// </summary>
internal static class OutputShape
{
    private static readonly MLContext Context = new();

    public static SchemaShape Add(SchemaShape input, string output, string? error, ImageTranslationOutputKind kind) => (kind, error) switch
    {
        (ImageTranslationOutputKind.Png, null) => Shape<PngOnly>(input, output, null),
        (ImageTranslationOutputKind.Png, _) => Shape<PngAndError>(input, output, error),
        (_, null) => Shape<ImageOnly>(input, output, null),
        _ => Shape<ImageAndError>(input, output, error),
    };

    private static SchemaShape Shape<TOutput>(SchemaShape input, string output, string? error) where TOutput : class, new()
    {
        var definition = SchemaDefinition.Create(typeof(TOutput));
        definition[nameof(PngOnly.Output)].ColumnName = output;
        if (error is not null) definition[nameof(PngAndError.Error)].ColumnName = error;
        return Context.Transforms.CustomMapping<NoInput, TOutput>((_, _) => { }, contractName: null, outputSchemaDefinition: definition)
            .GetOutputSchema(input);
    }

    private sealed class NoInput;

    private sealed class PngOnly
    {
        public byte[] Output { get; set; } = [];
    }

    private sealed class PngAndError
    {
        public byte[] Output { get; set; } = [];

        public string Error { get; set; } = "";
    }

    private sealed class ImageOnly
    {
        public MLImage? Output { get; set; }
    }

    private sealed class ImageAndError
    {
        public MLImage? Output { get; set; }

        public string Error { get; set; } = "";
    }
}
