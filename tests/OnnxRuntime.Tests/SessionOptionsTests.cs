namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class SessionOptionsTests
{
    [Fact]
    public void Profiling_writes_a_trace_with_every_node_run()
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"pix2pix-profile-{Guid.NewGuid():N}");
        using (var options = Fixtures.LightOptions())
        {
            options.ProfileOutputPathPrefix = prefix;
            Assert.Equal(prefix, options.ProfileOutputPathPrefix);
            using var session = new InferenceSession(Fixtures.Fold, options);
            using var x = OrtValue.CreateTensor(new float[] { 1, 1, 2, 2 }, [2, 2]);
            for (int i = 0; i < 3; i++)
                using (session.Run(["x"], [x])) { }
        }
        var trace = Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(prefix) + "*.json").Single();
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(trace));
            var kernels = doc.RootElement.EnumerateArray()
                .Where(e => e.GetProperty("cat").GetString() == "Node" && e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(kernels);
            Assert.Equal(0, kernels.Count % 3);
            Assert.All(kernels, e => Assert.True(e.GetProperty("dur").GetDouble() >= 0));
        }
        finally
        {
            File.Delete(trace);
        }
        using var bad = Fixtures.LightOptions();
        Assert.Throws<ArgumentException>(() => bad.ProfileOutputPathPrefix = "");
    }

    [Fact]
    public void Optimized_model_is_saved_and_loads()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pix2pix-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = Fixtures.LightOptions())
            {
                options.GraphOptimizationLevel = GraphOptimizationLevel.Extended;
                options.OptimizedModelFilePath = path;
                using var _ = new InferenceSession(Fixtures.Conv, options);
                Assert.Equal(path, options.OptimizedModelFilePath);
            }
            Assert.True(new FileInfo(path).Length > 0);

            using var optimized = Fixtures.Open(path);
            Assert.Equal("input", optimized.Inputs[0].Name);
            var x = Fixtures.Random(2 * 3 * 5 * 4, seed: 21);
            using var input = OrtValue.CreateTensor(x, [2, 3, 5, 4]);
            using var r = optimized.Run(["input"], [input]);
            Fixtures.AssertClose(Fixtures.ReferenceConv(x, 2, 5, 4), r[0].GetTensorData<float>());
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData(GraphOptimizationLevel.DisableAll, 2)]
    [InlineData(GraphOptimizationLevel.Basic, 1)]
    public void Graph_optimization_level_takes_effect(GraphOptimizationLevel level, int addNodes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pix2pix-fold-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = Fixtures.LightOptions())
            {
                options.GraphOptimizationLevel = level;
                options.OptimizedModelFilePath = path;
                using var session = new InferenceSession(Fixtures.Fold, options);
                using var x = OrtValue.CreateTensor(new float[] { 1, 1, 2, 2 }, [2, 2]);
                using var r = session.Run(["x"], [x]);
                Assert.Equal(new float[] { 12, 23, 13, 24 }, r[0].GetTensorData<float>().ToArray());
            }
            var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(path));
            Assert.Equal(addNodes, text.Split("Add").Length - 1);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void All_settings_are_accepted_and_the_session_still_computes()
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 2,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.DisableAll,
            ExecutionMode = ExecutionMode.Parallel,
            EnableCpuMemArena = false,
            LogSeverityLevel = OrtLoggingLevel.Error,
        };
        options.AddConfigEntry("session.intra_op.allow_spinning", "0");
        Assert.Equal(2, options.IntraOpNumThreads);
        Assert.Equal(GraphOptimizationLevel.DisableAll, options.GraphOptimizationLevel);
        Assert.Equal(ExecutionMode.Parallel, options.ExecutionMode);
        Assert.False(options.EnableCpuMemArena);

        using var session = new InferenceSession(Fixtures.Conv, options);
        var x = Fixtures.Random(3 * 3 * 3, seed: 22);
        using var input = OrtValue.CreateTensor(x, [1, 3, 3, 3]);
        using var r = session.Run(["input"], [input]);
        Fixtures.AssertClose(Fixtures.ReferenceConv(x, 1, 3, 3), r[0].GetTensorData<float>());
    }

    [Fact]
    public void Invalid_settings_are_rejected()
    {
        using var options = new SessionOptions();
        Assert.Throws<ArgumentOutOfRangeException>(() => options.IntraOpNumThreads = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.GraphOptimizationLevel = (GraphOptimizationLevel)42);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ExecutionMode = (ExecutionMode)7);
        Assert.Throws<ArgumentException>(() => options.AddConfigEntry("", "x"));
        Assert.Equal(GraphOptimizationLevel.All, options.GraphOptimizationLevel);
    }

    [Fact]
    public void Config_entries_take_effect()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pix2pix-optimized-{Guid.NewGuid():N}.ort");
        try
        {
            using (var options = Fixtures.LightOptions())
            {
                options.AddConfigEntry("session.save_model_format", "ORT");
                options.OptimizedModelFilePath = path;
                using var _ = new InferenceSession(Fixtures.Conv, options);
            }
            var header = File.ReadAllBytes(path).AsSpan(4, 4);
            Assert.Equal("ORTM", System.Text.Encoding.ASCII.GetString(header));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Env_is_a_singleton_and_refuses_conflicting_settings()
    {
        var env = OrtEnv.Instance;
        Assert.Same(env, OrtEnv.Instance);
        Assert.Same(env, OrtEnv.Initialize(env.LoggingLevel, env.LogId));
        Assert.Throws<InvalidOperationException>(() => OrtEnv.Initialize(OrtLoggingLevel.Verbose, "other"));
    }
}
