using Microsoft.ML;

namespace Pix2Pix.Inference.MLNet;

/// <summary>The <c>mlContext.Transforms.TranslateImages(...)</c> entry point.</summary>
public static class ImageTranslationCatalog
{
    /// <summary>
    /// Translates images with an exported pix2pix generator. The input column holds image paths (text) or encoded
    /// images (a vector of bytes: <c>byte[]</c> in a class, <c>VBuffer&lt;byte&gt;</c> in a cursor); the output column
    /// holds the translated image, PNG-encoded, at the source size.
    /// </summary>
    /// <param name="catalog">The transforms catalog (<c>mlContext.Transforms</c>).</param>
    /// <param name="outputColumnName">The column of PNG bytes to add.</param>
    /// <param name="inputColumnName">The column of image paths or encoded bytes.</param>
    /// <param name="options">The model and how to run it.</param>
    public static ImageTranslationEstimator TranslateImages(this TransformsCatalog catalog, string outputColumnName, string inputColumnName,
        ImageTranslationOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new ImageTranslationEstimator(outputColumnName, inputColumnName, options);
    }
}
