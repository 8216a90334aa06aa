using OpenCvSharp;

namespace Pix2Pix.Inference;

/// <summary>
/// A decoded image made ready for the model: converted to the model's channels and, unless it is to be tiled,
/// padded or resized to the model's size multiple. Owns <see cref="Input"/>.
/// </summary>
internal sealed class PreparedImage(Mat input, int sourceWidth, int sourceHeight, bool tiled) : IDisposable
{
    /// <summary>The model-ready image, or the full-size converted image when <see cref="Tiled"/>.</summary>
    public Mat Input { get; } = input;

    public int SourceWidth { get; } = sourceWidth;

    public int SourceHeight { get; } = sourceHeight;

    public bool Tiled { get; } = tiled;

    public (int Width, int Height) TensorSize => (Input.Width, Input.Height);

    public void Dispose() => Input.Dispose();
}
