namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class IoBindingTests
{
    [Fact]
    public void Binding_to_caller_memory_equals_Run()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var x = Fixtures.Random(2 * 3 * 5 * 5, seed: 11);
        using var input = OrtValue.CreateTensor(x, [2, 3, 5, 5]);
        using var expected = session.Run(["input"], [input]);

        var y = new float[2 * 2 * 5 * 5];
        using var output = OrtValue.CreateTensor(y, [2, 2, 5, 5]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("input", input);
        binding.BindOutput("output", output);
        session.RunWithBinding(binding);

        Assert.Equal(expected[0].GetTensorData<float>().ToArray(), y);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 2, 5, 5), y);

        Array.Clear(y);
        x.AsSpan().Reverse();
        session.RunWithBinding(binding);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 2, 5, 5), y);
    }

    [Fact]
    public void Binding_output_to_cpu_lets_ort_allocate()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var x = Fixtures.Random(3 * 4 * 6, seed: 12);
        using var input = OrtValue.CreateTensor(x, [1, 3, 4, 6]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("input", input);
        binding.BindOutputToCpu("output");
        session.RunWithBinding(binding);
        using var outputs = binding.GetOutputValues();
        Assert.Equal("output", Assert.Single(outputs.Names));
        Assert.Equal(new long[] { 1, 2, 4, 6 }, outputs[0].Shape);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 4, 6), outputs[0].GetTensorData<float>());
    }

    [Fact]
    public void Bound_values_stay_alive_after_the_caller_disposes_them()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var x = Fixtures.Random(3 * 3 * 3, seed: 13);
        using var binding = session.CreateIoBinding();
        var input = OrtValue.CreateTensor(x, [1, 3, 3, 3]);
        binding.BindInput("input", input);
        input.Dispose();
        binding.BindOutputToCpu("output");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        session.RunWithBinding(binding);
        using var outputs = binding.GetOutputValues();
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 3, 3), outputs[0].GetTensorData<float>());
    }

    [Fact]
    public void Unbound_input_is_an_ort_error()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        using var binding = session.CreateIoBinding();
        binding.BindOutputToCpu("output");
        var e = Assert.Throws<OnnxRuntimeException>(() => session.RunWithBinding(binding));
        Assert.NotEmpty(e.NativeMessage);
        binding.ClearBoundOutputs();
        Assert.Empty(binding.OutputNames);
    }

    [Fact]
    public void Clearing_inputs_and_outputs_unbinds_them()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        using var input = OrtValue.CreateTensor(new float[12], [1, 3, 2, 2]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("input", input);
        binding.BindOutputToCpu("output");
        session.RunWithBinding(binding);
        binding.ClearBoundOutputs();
        using (var none = binding.GetOutputValues()) Assert.Empty(none);
        binding.BindOutputToCpu("output");
        binding.ClearBoundInputs();
        Assert.Throws<OnnxRuntimeException>(() => session.RunWithBinding(binding));
        binding.BindInput("input", input);
        session.RunWithBinding(binding);
        using var outputs = binding.GetOutputValues();
        Assert.Equal(new long[] { 1, 2, 2, 2 }, outputs[0].Shape);
    }
}
