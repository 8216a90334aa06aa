using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet.Tests;

/// <summary>Fixture models, image files written to a temporary folder, and comparisons.</summary>
internal sealed class TestImages : IDisposable
{
    public TestImages()
    {
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "p2p-mlnet-" + Guid.NewGuid().ToString("N"));

    public static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "inference", name);

    public static string Unet => Model("unet.onnx");

    public static string ConvTanh => Model("conv_tanh.onnx");

    public static string DemoLabel => Model("demo_label.png");

    /// <summary>Noise over a gradient, written as a PNG; returns its path.</summary>
    public string Write(string name, int width, int height, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                    pixels[(y * width + x) * 3 + c] = (byte)Math.Clamp(70 * c + x * 180 / width + y * 60 / height + rng.Next(-30, 31), 0, 255);
        using Mat image = Pixels.FromBytes(pixels, height, width, 3);
        string path = Path.Combine(Folder, name);
        ImageCodec.Write(image, path);
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Largest per-value difference of two images of one size and type.</summary>
    public static int MaxDifference(Mat a, Mat b)
    {
        Assert.Equal((a.Width, a.Height, a.Type()), (b.Width, b.Height, b.Type()));
        using var diff = new Mat();
        Cv2.Absdiff(a, b, diff);
        using Mat flat = diff.Reshape(1);
        Cv2.MinMaxLoc(flat, out _, out double max);
        return (int)max;
    }

    /// <summary>A <see cref="SchemaShape"/> of <typeparamref name="T"/>'s columns (ML.NET keeps SchemaShape.Create internal).</summary>
    public static SchemaShape ShapeOf<T>(MLContext ml) where T : class, new() =>
        ml.Transforms.CustomMapping<Nothing, T>((_, _) => { }, contractName: null).GetOutputSchema(new SchemaShape([]));

    public sealed class Nothing;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class PathRow
{
    public string ImagePath { get; set; } = "";
}

public sealed class TranslatedRow
{
    public string ImagePath { get; set; } = "";
    public byte[] Translated { get; set; } = [];
}

public sealed class SkippedRow
{
    public string ImagePath { get; set; } = "";
    public byte[] Translated { get; set; } = [];
    public string TranslatedError { get; set; } = "";
}

public sealed class BytesRow
{
    public byte[] Image { get; set; } = [];
}

public sealed class BytesPrediction
{
    public byte[] Translated { get; set; } = [];
}
