using Microsoft.ML;

namespace Pix2Pix.Inference.MLNet;

/// <summary>The <c>mlContext.Transforms.TranslateImages(...)</c> entry point.</summary>
public static class ImageTranslationCatalog
{
    /// <summary>
    /// Translates images with an exported pix2pix generator. The input column holds image paths (text), encoded images
    /// (a vector of bytes: <c>byte[]</c> in a class, <c>VBuffer&lt;byte&gt;</c> in a cursor) or images (<c>MLImage</c>,
    /// as <c>LoadImages</c> gives); the output column holds the translated image at the source size, PNG-encoded or as an
    /// <c>MLImage</c> (<see cref="ImageTranslationOptions.OutputKind"/>).
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column to add.</param>
    /// <param name="inputColumnName">The column of image paths, encoded bytes or MLImages.</param>
    /// <param name="options">The model and how to run it.</param>
    public static ImageTranslationEstimator TranslateImages(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        ImageTranslationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageTranslationEstimator(outputColumnName, inputColumnName, options);
    }
}
