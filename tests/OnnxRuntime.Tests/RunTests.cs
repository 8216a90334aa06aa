namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class RunTests
{
    [Fact]
    public void Two_inputs_and_a_chosen_subset_of_outputs()
    {
        using var session = Fixtures.Open(Fixtures.Add);
        float[] a = [1, 2, 3, 4, 5, 6, 7, 8], b = [0.5f, -1, 2, 10, 0, 1, -2, 3];
        using var va = OrtValue.CreateTensor(a, [2, 4]);
        using var vb = OrtValue.CreateTensor(b, [2, 4]);

        using (var all = session.Run(["b", "a"], [vb, va]))
        {
            Assert.Equal(new[] { "sum", "product" }, all.Names);
            Assert.Equal(a.Zip(b, (x, y) => x + y).ToArray(), all["sum"].GetTensorData<float>().ToArray());
            Assert.Equal(a.Zip(b, (x, y) => x * y).ToArray(), all["product"].GetTensorData<float>().ToArray());
        }
        using var product = session.Run(["a", "b"], [va, vb], ["product"]);
        Assert.Equal("product", Assert.Single(product.Names));
        Assert.Equal(a.Zip(b, (x, y) => x * y).ToArray(), product[0].GetTensorData<float>().ToArray());
    }

    [Fact]
    public void Int64_uint8_and_float16_round_trip()
    {
        using var session = Fixtures.Open(Fixtures.Types);
        float[] f = [1.5f, -2, 3, 4];
        long[] l = [long.MaxValue, -1, 0, 42];
        byte[] u = [0, 1, 128, 255];
        Half[] h = [(Half)0.5f, (Half)(-1.25f), Half.MaxValue, (Half)3];
        using var vf = OrtValue.CreateTensor(f, [2, 2]);
        using var vl = OrtValue.CreateTensor(l, [2, 2]);
        using var vu = OrtValue.CreateTensor(u, [1, 4]);
        using var vh = OrtValue.CreateTensor(h, [4, 1]);
        using var r = session.Run(["f32", "i64", "u8", "f16"], [vf, vl, vu, vh]);

        Assert.Equal(f, r["f32_out"].GetTensorData<float>().ToArray());
        Assert.Equal(l, r["i64_out"].GetTensorData<long>().ToArray());
        Assert.Equal(u, r["u8_out"].GetTensorData<byte>().ToArray());
        Assert.Equal(h, r["f16_out"].GetTensorData<Half>().ToArray());
        Assert.Equal(TensorElementType.Float16, r["f16_out"].ElementType);
        Assert.Equal(new long[] { 4, 1 }, r["f16_out"].Shape);
        Assert.Equal(4, r["u8_out"].ElementCount);
        Assert.All(r, v => Assert.True(v.IsTensor));
    }

    [Fact]
    public void Reading_with_the_wrong_element_type_throws()
    {
        using var value = OrtValue.CreateTensor(new long[] { 1, 2 }, [2]);
        var e = Assert.Throws<InvalidOperationException>(() => value.GetTensorData<float>().Length);
        Assert.Contains("Int64", e.Message);
    }

    [Fact]
    public void Ort_allocated_tensor_is_writable_and_runs()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        using var input = OrtValue.CreateAllocatedTensor<float>([1, 3, 3, 3]);
        var x = Fixtures.Random(27, seed: 3);
        x.CopyTo(input.GetTensorMutableData<float>());
        using var r = session.Run(["input"], [input]);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 3, 3), r[0].GetTensorData<float>());
    }

    [Fact]
    public void Shape_that_does_not_match_the_buffer_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor(new float[10], [1, 3, 2, 2]));
        Assert.Throws<ArgumentException>(() => OrtValue.CreateTensor(new float[4], [-1, 4]));
        Assert.Throws<NotSupportedException>(() => OrtValue.CreateTensor(new decimal[1], [1]));
    }

    [Fact]
    public void Run_options_are_accepted_and_terminate_stops_the_run()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        using var input = OrtValue.CreateTensor(new float[3 * 2 * 2], [1, 3, 2, 2]);
        using var options = new RunOptions { Tag = "test-run" };
        using (var ok = session.Run(["input"], [input], null, options))
            Assert.Equal(new long[] { 1, 2, 2, 2 }, ok[0].Shape);
        options.Terminate = true;
        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run(["input"], [input], null, options));
        Assert.Contains("terminat", e.Message, StringComparison.OrdinalIgnoreCase);
        options.Terminate = false;
        using var again = session.Run(["input"], [input], null, options);
    }
}
