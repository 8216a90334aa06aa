namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class LifetimeTests
{
    [Fact]
    public void Disposing_twice_is_fine()
    {
        var session = Fixtures.Open(Fixtures.Conv);
        var value = OrtValue.CreateTensor(new float[12], [1, 3, 2, 2]);
        var results = session.Run(["input"], [value]);
        var options = new SessionOptions();
        var runOptions = new RunOptions();
        var binding = session.CreateIoBinding();
        foreach (var d in new IDisposable[] { results, value, binding, session, options, runOptions, results, value, binding, session, options, runOptions })
            d.Dispose();
    }

    [Fact]
    public void Using_a_disposed_session_throws_ObjectDisposedException()
    {
        var session = Fixtures.Open(Fixtures.Conv);
        using var value = OrtValue.CreateTensor(new float[12], [1, 3, 2, 2]);
        session.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => session.Run(["input"], [value]));
        Assert.Contains(nameof(InferenceSession), e.ObjectName);
        Assert.Throws<ObjectDisposedException>(() => session.CreateIoBinding());
        Assert.Equal("input", session.Inputs[0].Name);
    }

    [Fact]
    public void Using_a_disposed_value_or_options_throws_ObjectDisposedException()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var value = OrtValue.CreateTensor(new float[12], [1, 3, 2, 2]);
        value.Dispose();
        Assert.EndsWith(nameof(OrtValue), Assert.Throws<ObjectDisposedException>(() => session.Run(["input"], [value])).ObjectName);
        Assert.Throws<ObjectDisposedException>(() => value.Shape);

        var options = new SessionOptions();
        options.Dispose();
        Assert.Equal(nameof(SessionOptions), Assert.Throws<ObjectDisposedException>(() => options.IntraOpNumThreads = 1).ObjectName);
        Assert.Throws<ObjectDisposedException>(() => new InferenceSession(Fixtures.Conv, options));
    }

    [Fact]
    public void Outputs_outlive_their_session()
    {
        var x = Fixtures.Random(12, seed: 9);
        RunResults results;
        using (var session = Fixtures.Open(Fixtures.Conv))
        using (var value = OrtValue.CreateTensor(x, [1, 3, 2, 2]))
            results = session.Run(["input"], [value]);
        using (results)
            Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 2, 2), results[0].GetTensorData<float>());
    }

    [Fact]
    public void Binding_keeps_its_session_alive()
    {
        var x = Fixtures.Random(12, seed: 10);
        var session = Fixtures.Open(Fixtures.Conv);
        using var value = OrtValue.CreateTensor(x, [1, 3, 2, 2]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("input", value);
        binding.BindOutputToCpu("output");
        session.RunWithBinding(binding);
        session.Dispose();
        using var outputs = binding.GetOutputValues();
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 2, 2), outputs[0].GetTensorData<float>());
    }

    [Fact]
    public void Many_sessions_and_values_do_not_leak_handles()
    {
        for (var i = 0; i < 200; i++)
        {
            using var session = Fixtures.Open(Fixtures.Add);
            using var a = OrtValue.CreateTensor(new float[4], [1, 4]);
            using var r = session.Run(["a", "b"], [a, a]);
        }
    }
}
