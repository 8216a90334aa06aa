using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>
/// The conversions every image goes through on the training and inference paths: 8-bit BGR Mat → float CHW RGB in [-1, 1]
/// (<see cref="ImageTensor.ToChw(Mat, Span{float})"/>) and back (<see cref="ImageTensor.FromChw"/>), at the model's 256² and at 1024².
/// </summary>
public class ImageTensorBenchmarks
{
    private Mat? _image;
    private float[] _chw = [];

    [Params(256, 1024)]
    public int Side { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var bytes = new byte[Side * Side * 3];
        new Random(1).NextBytes(bytes);
        _image = Pixels.FromBytes(bytes, Side, Side, 3);
        _chw = ImageTensor.ToChw(_image);
    }

    [Benchmark]
    public void ToChw() => ImageTensor.ToChw(_image!, _chw);

    [Benchmark]
    public void FromChw() => ImageTensor.FromChw(_chw, 3, Side, Side).Dispose();

    [GlobalCleanup]
    public void Cleanup() => _image?.Dispose();
}
