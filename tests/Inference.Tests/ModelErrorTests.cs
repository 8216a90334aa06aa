using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.OnnxRuntime;

namespace Pix2Pix.Inference.Tests;

public sealed class ModelErrorTests
{
    [Fact]
    public void Missing_model_file()
    {
        var e = Assert.Throws<FileNotFoundException>(() => new Translator(Fixtures.Model("nope.onnx"), Fixtures.Light));
        Assert.Contains("nope.onnx", e.Message);
    }

    [Fact]
    public void Bytes_that_are_not_a_model()
    {
        var e = Assert.Throws<InvalidDataException>(() => new Translator("not a model"u8.ToArray(), "garbage.onnx", Fixtures.Light));
        Assert.Contains("'garbage.onnx' could not be loaded", e.Message);
    }

    [Fact]
    public void Wrong_input_rank_names_the_model()
    {
        var e = Assert.Throws<InvalidDataException>(() => new Translator(Fixtures.Model("bad_rank.onnx"), Fixtures.Light));
        Assert.Contains("'bad_rank.onnx'", e.Message);
        Assert.Contains("rank 3", e.Message);
    }

    [Fact]
    public void Wrong_channel_count_names_the_model()
    {
        var e = Assert.Throws<InvalidDataException>(() => new Translator(Fixtures.Model("bad_channels.onnx"), Fixtures.Light));
        Assert.Contains("'bad_channels.onnx'", e.Message);
        Assert.Contains("4 channels", e.Message);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new Translator(Fixtures.ConvTanh, Fixtures.Light with { TileSize = 250 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Translator(Fixtures.ConvTanh, Fixtures.Light with { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Translator(Fixtures.ConvTanh, Fixtures.Light with { TileSize = 64, TileOverlap = 32 }));
    }

    [Fact]
    public void Empty_image_is_rejected()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using Mat empty = new Mat();
        Assert.Throws<ArgumentException>(() => translator.Translate(empty));
    }

    [Fact]
    public void Cuda_or_cpu_falls_back_with_a_reason_and_strict_cuda_fails()
    {
        using var auto = new Translator(Fixtures.ConvTanh, Fixtures.Light with { Provider = ExecutionProviderChoice.CudaOrCpu });
        if (auto.ExecutionProvider == ExecutionProviderChoice.Cuda) return;
        Assert.False(string.IsNullOrEmpty(auto.FallbackReason));
        var e = Assert.Throws<OnnxRuntimeException>(() => new Translator(Fixtures.ConvTanh, Fixtures.Light with { Provider = ExecutionProviderChoice.Cuda }));
        Assert.Contains("CUDA", e.Message);
    }
}
