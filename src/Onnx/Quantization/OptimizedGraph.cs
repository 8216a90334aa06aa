using Google.Protobuf;
using Pix2Pix.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>The graph ONNX Runtime actually runs: the model after its graph optimizations (QDQ fusions included), as ONNX Runtime saves it.</summary>
public static class OptimizedGraph
{
    /// <summary>
    /// Operator types that would run a convolution, or the MatMul of a ConvTranspose replacement's phase interleave, in
    /// float (ONNX Runtime's NCHWc convolution is a <c>Conv</c> in its own domain).
    /// </summary>
    public static IReadOnlyList<string> FloatConvolutionOps { get; } = ["Conv", "FusedConv", "ConvTranspose", "MatMul", "FusedMatMul"];

    /// <summary>
    /// Loads <paramref name="model"/> into an ONNX Runtime CPU session with all graph optimizations, saves the
    /// optimized model to <paramref name="path"/> and returns it parsed.
    /// </summary>
    public static ModelProto Save(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using (var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, OptimizedModelFilePath = path })
        using (new InferenceSession(model.ToByteArray(), options)) { }
        return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
    }

    /// <summary>How many nodes of each operator type <paramref name="model"/> holds, keyed by op type (any domain).</summary>
    public static IReadOnlyDictionary<string, int> OpCounts(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Graph.Node.GroupBy(n => n.OpType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }
}
