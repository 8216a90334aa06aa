using OpenCvSharp;
using Pix2Pix.Imaging;

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
    public void Cuda_that_cannot_load_falls_back_to_the_cpu_with_one_line()
    {
        if (OnnxRuntimeInfo.CudaUnavailableReason is null) return; // a machine where CUDA loads: nothing to fall back from
        var log = new StringWriter();
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light with { GpuDeviceId = 0, FallbackToCpu = true, Log = log });
        Assert.Null(translator.GpuDeviceId);
        string line = Assert.Single(log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(translator.FallbackReason, line);
        Assert.StartsWith("CUDA device 0 was asked for, but ", line);
        Assert.EndsWith("; using the CPU provider", line);
        Assert.Contains(OnnxRuntimeInfo.CudaUnavailableReason, line);

        using Mat image = Fixtures.Image(20, 12);
        using Mat expected = Fixtures.OrtTranslate(Fixtures.ConvTanh, image);
        using Mat actual = translator.Translate(image);
        Fixtures.AssertSame(expected, actual);
    }

    [Fact]
    public void Cuda_that_cannot_load_without_fallback_throws_what_is_missing()
    {
        string? reason = OnnxRuntimeInfo.CudaUnavailableReason;
        if (reason is null) return;
        var log = new StringWriter();
        var e = Assert.Throws<CudaUnavailableException>(() => new Translator(Fixtures.ConvTanh, Fixtures.Light with { GpuDeviceId = 1, Log = log }));
        Assert.Equal($"CUDA device 1 was asked for without falling back to the CPU, but {reason}", e.Message);
        Assert.Empty(log.ToString());
        if (OnnxRuntimeInfo.Package == "gpu") Assert.Contains("libcudart.so.13", e.Message);
    }

    [Fact]
    public void A_bad_model_is_reported_as_such_when_cuda_is_asked_for()
    {
        var e = Assert.Throws<InvalidDataException>(() => new Translator("not a model"u8.ToArray(), "garbage.onnx", Fixtures.Light with { GpuDeviceId = 0 }));
        Assert.Contains("'garbage.onnx' could not be loaded", e.Message);
    }

    [Fact]
    public void No_gpu_asked_for_runs_on_the_cpu_silently()
    {
        var log = new StringWriter();
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light with { Log = log });
        Assert.Null(translator.GpuDeviceId);
        Assert.Null(translator.FallbackReason);
        Assert.Empty(log.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Translator(Fixtures.ConvTanh, Fixtures.Light with { GpuDeviceId = -1 }));
    }
}
