namespace Pix2Pix.Inference.MLNet;

/// <summary>What the output column of <see cref="ImageTranslationCatalog.TranslateImages"/> holds.</summary>
public enum ImageTranslationOutputKind
{
    /// <summary>The translated image, PNG-encoded: a variable-size vector of bytes (<c>byte[]</c> / <c>VBuffer&lt;byte&gt;</c>).</summary>
    Png,

    /// <summary>
    /// The translated image as an <c>MLImage</c> (Bgra32, opaque; an <c>ImageDataViewType</c> column of unknown size,
    /// read by a plain <c>MLImage</c> property), for the image transforms of Microsoft.ML.ImageAnalytics. Each read gives
    /// a new <c>MLImage</c> that the reader owns and disposes; unlike <c>LoadImages</c>, the getter never disposes the
    /// image it is handed back, so images from <c>CreateEnumerable</c> rows and <c>PredictionEngine</c> predictions stay
    /// valid after the next row. A skipped bad row gives null.
    /// </summary>
    Image,
}
