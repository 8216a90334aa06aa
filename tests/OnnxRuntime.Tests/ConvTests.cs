namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class ConvTests
{
    [Fact]
    public void Conv_matches_a_reference_convolution()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var x = Fixtures.Random(1 * 3 * 5 * 6, seed: 1);
        using var input = OrtValue.CreateTensor(x, [1, 3, 5, 6]);
        using var results = session.Run(["input"], [input]);

        var y = Assert.Single(results);
        Assert.Equal("output", results.Names[0]);
        Assert.Equal(TensorElementType.Float, y.ElementType);
        Assert.Equal(new long[] { 1, 2, 5, 6 }, y.Shape);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 5, 6), y.GetTensorData<float>());
    }

    [Theory]
    [InlineData(1, 4, 4)]
    [InlineData(3, 7, 5)]
    [InlineData(8, 16, 9)]
    public void Dynamic_batch_and_spatial_dims(int n, int h, int w)
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var x = Fixtures.Random(n * 3 * h * w, seed: n * 100 + h);
        using var input = OrtValue.CreateTensor(x, [n, 3, h, w]);
        using var results = session.Run(new Dictionary<string, OrtValue> { ["input"] = input });
        Assert.Equal(new long[] { n, 2, h, w }, results["output"].Shape);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, n, h, w), results["output"].GetTensorData<float>());
    }

    [Fact]
    public void Input_wraps_caller_memory_without_copy()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var x = new float[3 * 4 * 4];
        using var input = OrtValue.CreateTensor(x, [1, 3, 4, 4]);
        x[0] = 1f;
        Assert.Equal(1f, input.GetTensorData<float>()[0]);
        using var results = session.Run(["input"], [input]);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 4, 4), results[0].GetTensorData<float>());
    }

    [Fact]
    public void Session_from_bytes_equals_session_from_file()
    {
        using var options = Fixtures.LightOptions();
        using var fromBytes = new InferenceSession(File.ReadAllBytes(Fixtures.Conv), options);
        using var fromFile = new InferenceSession(Fixtures.Conv, options);
        var x = Fixtures.Random(2 * 3 * 6 * 6, seed: 7);
        using var input = OrtValue.CreateTensor(x, [2, 3, 6, 6]);
        using var a = fromBytes.Run(["input"], [input]);
        using var b = fromFile.Run(["input"], [input]);
        Assert.True(a[0].GetTensorData<float>().SequenceEqual(b[0].GetTensorData<float>()));
    }

    [Fact]
    public void Input_and_output_metadata_show_dynamic_dims()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var input = Assert.Single(session.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal(TensorElementType.Float, input.ElementType);
        Assert.Equal(new long[] { -1, 3, -1, -1 }, input.Shape);
        Assert.Equal(new[] { "N", "", "H", "W" }, input.SymbolicDimensions);
        var output = Assert.Single(session.Outputs);
        Assert.Equal("output", output.Name);
        Assert.Equal(new long[] { -1, 2, -1, -1 }, output.Shape);
        Assert.Equal("output: Float[N, 2, H, W]", output.ToString());
    }
}
