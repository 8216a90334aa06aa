using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Pix2Pix.Onnx;
using Pix2Pix.Onnx.Rewrites;

namespace Pix2Pix.Inference.MLNet.Persistence;

/// <summary>
/// What <see cref="ImageTranslationTransformer.Save"/> writes: ML.NET keeps its model save context internal, so the
/// stage is saved as a chain of stock, savable ML.NET transformers that do the same work — the generator's bytes inside
/// ML.NET's own <c>OnnxTransformer</c> (wrapped to take any image size, <see cref="ModelRewrites.ToPackedImageIo"/>), and
/// this assembly's CustomMapping contracts (<see cref="PackPathFactory"/> and its siblings) around it.
/// </summary>
internal static class SavedTranslation
{
    /// <summary>Builds the chain; the caller saves and disposes it.</summary>
    /// <exception cref="NotSupportedException">The stage uses something the saved form cannot do (see <see cref="CheckSavable"/>).</exception>
    public static TransformerChain<ColumnSelectingTransformer> Build(ImageTranslationTransformer stage, byte[] model)
    {
        CheckSavable(stage);
        var ml = new MLContext();
        Translator translator = stage.Translator;
        ModelProto wrapped = ModelRewrites.ToPackedImageIo(ModelProto.Parser.ParseFrom(model), translator.Model.SizeMultiple, translator.MinimumSide);
        bool skip = stage.ErrorColumnName is not null;
        (IDataView empty, IEstimator<ITransformer> pack) = stage.InputKind switch
        {
            ImageInputKind.Path => (Empty<SavedPathRow>(ml, stage.InputColumnName), skip
                ? ml.Transforms.CustomMapping(new PackPathSkippingFactory().GetMapping(), PackPathSkippingFactory.Contract)
                : ml.Transforms.CustomMapping(new PackPathFactory().GetMapping(), PackPathFactory.Contract)),
            ImageInputKind.Bytes => (Empty<SavedBytesRow>(ml, stage.InputColumnName), skip
                ? ml.Transforms.CustomMapping(new PackBytesSkippingFactory().GetMapping(), PackBytesSkippingFactory.Contract)
                : ml.Transforms.CustomMapping(new PackBytesFactory().GetMapping(), PackBytesFactory.Contract)),
            _ => (Empty<SavedImageRow>(ml, stage.InputColumnName), skip
                ? ml.Transforms.CustomMapping(new PackImageSkippingFactory().GetMapping(), PackImageSkippingFactory.Contract)
                : (IEstimator<ITransformer>)ml.Transforms.CustomMapping(new PackImageFactory().GetMapping(), PackImageFactory.Contract)),
        };
        IEstimator<ITransformer> unpack = stage.Options.OutputKind == ImageTranslationOutputKind.Image
            ? ml.Transforms.CustomMapping(new EncodeImageFactory().GetMapping(), EncodeImageFactory.Contract)
            : ml.Transforms.CustomMapping(new EncodePngFactory().GetMapping(), EncodePngFactory.Contract);
        using var modelStream = new MemoryStream(wrapped.ToByteArray());
        var chain = ml.Transforms.CopyColumns(SavedColumns.Source, stage.InputColumnName)
            .Append(pack)
            .Append(ml.Transforms.ApplyOnnxModel([SavedColumns.PackedOut], [SavedColumns.Packed], modelStream,
                stage.Options.GpuDeviceId, stage.Options.FallbackToCpu))
            .Append(unpack)
            .Append(ml.Transforms.CopyColumns(stage.OutputColumnName, SavedColumns.Png));
        if (stage.ErrorColumnName is { } error) chain = chain.Append(ml.Transforms.CopyColumns(error, SavedColumns.Error));
        return chain
            .Append(ml.Transforms.DropColumns(SavedColumns.Source, SavedColumns.Packed, SavedColumns.PackedOut, SavedColumns.Error, SavedColumns.Png))
            .Fit(empty);
    }

    /// <summary>The saved form pads like <see cref="ResizeMode.Pad"/>, runs RGB-input generators of any size and checks the default pixel limit.</summary>
    private static void CheckSavable(ImageTranslationTransformer stage)
    {
        ModelInfo model = stage.Translator.Model;
        string? reason =
            stage.Options.ResizeMode != ResizeMode.Pad ? $"ResizeMode.{stage.Options.ResizeMode} (the saved form pads; use ResizeMode.Pad)" :
            model.HasFixedSize ? $"a model with a fixed {model.FixedWidth}x{model.FixedHeight} input (export it with a dynamic size)" :
            model.InputChannels != 3 ? $"a model with {model.InputChannels} input channel(s) (the saved form feeds RGB)" :
            stage.Options.MaxImagePixels != ImageTranslationOptions.DefaultMaxImagePixels
                ? $"MaxImagePixels {stage.Options.MaxImagePixels} (the saved form checks the default, {ImageTranslationOptions.DefaultMaxImagePixels})" :
            null;
        if (reason is not null)
            throw new NotSupportedException($"ImageTranslationTransformer cannot be saved into an ML.NET model with {reason}.");
    }

    private static IDataView Empty<TRow>(MLContext ml, string column) where TRow : class
    {
        var definition = SchemaDefinition.Create(typeof(TRow));
        definition[0].ColumnName = column;
        return ml.Data.LoadFromEnumerable(Array.Empty<TRow>(), definition);
    }
}
