namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class ErrorTests
{
    [Fact]
    public void Missing_file()
    {
        var e = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession("/nonexistent/model.onnx"));
        Assert.Equal(OrtErrorCode.NoSuchFile, e.ErrorCode);
        Assert.Contains("/nonexistent/model.onnx", e.Message);
    }

    [Fact]
    public void Corrupt_bytes()
    {
        var bytes = File.ReadAllBytes(Fixtures.Conv);
        var corrupt = bytes.Take(bytes.Length / 2).Concat(Enumerable.Repeat((byte)0xFF, 64)).ToArray();
        var e = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(corrupt));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, e.ErrorCode);
        Assert.Contains("protobuf", e.NativeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Corrupt_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pix2pix-corrupt-{Guid.NewGuid():N}.onnx");
        File.WriteAllText(path, "this is not an onnx model");
        try
        {
            var e = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(path));
            Assert.NotEmpty(e.NativeMessage);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Zero_bytes()
    {
        var e = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(Array.Empty<byte>()));
        Assert.NotEmpty(e.NativeMessage);
    }

    [Fact]
    public void Wrong_rank()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        using var input = OrtValue.CreateTensor(new float[3 * 4 * 4], [3, 4, 4]);
        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["input"], [input]));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("rank", e.NativeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Wrong_channels()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        using var input = OrtValue.CreateTensor(new float[4 * 4 * 4], [1, 4, 4, 4]);
        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["input"], [input]));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("dimensions", e.NativeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Wrong_element_type()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        using var input = OrtValue.CreateTensor(new long[3 * 2 * 2], [1, 3, 2, 2]);
        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["input"], [input]));
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
        Assert.Contains("type", e.NativeMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unknown_input_and_output_names()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        using var input = OrtValue.CreateTensor(new float[3 * 2 * 2], [1, 3, 2, 2]);
        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["nope"], [input]));
        Assert.Contains("nope", e.NativeMessage);
        e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["input"], [input], ["missing_output"]));
        Assert.Contains("missing_output", e.NativeMessage);
        Assert.Throws<ArgumentException>(() => session.Run(["input", "x"], [input]));
    }
}
