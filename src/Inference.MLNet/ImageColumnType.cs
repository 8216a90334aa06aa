using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace Pix2Pix.Inference.MLNet;

/// <summary>
/// Registers a plain <see cref="MLImage"/> member (no attribute) as an image of unknown size, the type of the
/// <c>MLImage</c> columns of variable size (ours and <c>LoadImages</c>'), so that a class property <c>MLImage X</c> reads
/// them: Microsoft.ML.ImageAnalytics 6.0.0 has no way to say so, its <c>[ImageType]</c> without a size throws.
/// </summary>
internal static class ImageColumnType
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        try
        {
            DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage));
        }
        catch (ArgumentException)
        {
            // The application registered MLImage itself; its choice stands.
        }
    }
}
