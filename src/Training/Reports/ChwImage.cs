using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Training.Reports;

/// <summary>One image as a network sees it: CHW float planes in [-1, 1], 1 (gray) or 3 (RGB) channels.</summary>
public readonly record struct ChwImage
{
    /// <exception cref="ArgumentException">The shape is invalid or does not match the data length.</exception>
    public ChwImage(ReadOnlyMemory<float> data, int channels, int height, int width)
    {
        if (channels is not (1 or 3))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "images have 1 or 3 channels");
        if (height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(height <= 0 ? nameof(height) : nameof(width), $"image size {width}x{height} must be positive");
        if (data.Length != (long)channels * height * width)
            throw new ArgumentException($"a {channels}x{height}x{width} image needs {(long)channels * height * width} floats, got {data.Length}", nameof(data));
        Data = data;
        Channels = channels;
        Height = height;
        Width = width;
    }

    public ReadOnlyMemory<float> Data { get; }
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>The image as an 8-bit BGR Mat (gray is expanded to three equal channels).</summary>
    public Mat ToBgr()
    {
        Mat image = ImageTensor.FromChw(Data.Span, Channels, Height, Width);
        if (Channels == 3) return image;
        using (image)
            return ImageConvert.To8Bit(image, 3);
    }
}
