using Microsoft.ML.OnnxRuntime;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>One ONNX Runtime CPU session with a pinned, pre-allocated input and output, run again and again.</summary>
public sealed class SessionBench : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _inputs, _outputs;
    private readonly string[] _inputNames = ["input"], _outputNames = ["output"];

    public SessionBench(string modelPath, int batch, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(modelPath, options);
        long[] shape = [batch, 3, BenchmarkModels.Side, BenchmarkModels.Side];
        _inputs = [OrtValue.CreateTensorValueFromMemory(BenchmarkModels.Input(batch), shape)];
        _outputs = [OrtValue.CreateTensorValueFromMemory(new float[BenchmarkModels.Input(batch).Length], shape)];
        Run();
    }

    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        _outputs[0].Dispose();
        _inputs[0].Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
