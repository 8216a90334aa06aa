using Pix2Pix.OnnxRuntime;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>One ONNX Runtime CPU session with a bound input and output, run again and again.</summary>
public sealed class SessionBench : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly IoBinding _binding;

    public SessionBench(string modelPath, int batch, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.All };
        _session = new InferenceSession(modelPath, options);
        long[] shape = [batch, 3, BenchmarkModels.Side, BenchmarkModels.Side];
        _input = OrtValue.CreateTensor(BenchmarkModels.Input(batch), shape);
        _output = OrtValue.CreateTensor(new float[BenchmarkModels.Input(batch).Length], shape);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("input", _input);
        _binding.BindOutput("output", _output);
        Run();
    }

    public void Run() => _session.RunWithBinding(_binding);

    public void Dispose()
    {
        _binding.Dispose();
        _output.Dispose();
        _input.Dispose();
        _session.Dispose();
    }
}
