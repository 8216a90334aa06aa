using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>
/// Which activations of a float graph get a QuantizeLinear/DequantizeLinear pair, whose calibrated range each one
/// uses, and which convolutions get int8 weights.
/// </summary>
/// <remarks>
/// An activation is quantized when a Conv or Concat produces it (ONNX Runtime fuses DQ → Conv → Q into QLinearConv and
/// DQs → Concat → Q into QLinearConcat only with the Q) or when one of its consumers has an integer kernel after fusion
/// (Conv, LeakyRelu, Relu, Concat, Add, Mul, pooling). Graph outputs stay float, and so does an activation that only
/// float operators read (the Tanh at the end and the DepthToSpace output feeding it); shape computations never are.
/// Ranges are shared where the integer graph wants equal parameters: a layout operator (DepthToSpace, …, and the phase
/// interleave's permutation MatMul) keeps its input's, so ONNX Runtime drops
/// its Q/DQ and moves bytes; a tensor read only by one Relu takes the Relu's output range (zero point 0), so the Relu
/// is the QuantizeLinear's own clamp and <see cref="QdqWriter"/> drops it; a Conv or Concat output read only by one Concat, directly
/// or through layout operators (the four phases of a sub-pixel layer, their Concat and DepthToSpace before the skip
/// Concat) takes that Concat's range, so QLinearConcat copies instead of requantizing. Through the skip Concat's Relu
/// that range is the Relu's, which clamps the decoder output at its convolutions as the Relu would.
/// </remarks>
internal sealed class QdqPlan
{
    private static readonly HashSet<string> IntegerOps = ["Conv", "LeakyRelu", "Relu", "Concat", "Add", "Mul", "MaxPool", "AveragePool", "GlobalAveragePool"];
    private static readonly HashSet<string> LayoutOps = ["DepthToSpace", "SpaceToDepth", "Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze", "MaxPool"];

    private QdqPlan(IReadOnlyList<string> tensors, IReadOnlyDictionary<string, string> rangeOf, IReadOnlyList<NodeProto> convs,
                    IReadOnlyList<NodeProto> permutations)
        => (Tensors, RangeOf, Convs, Permutations) = (tensors, rangeOf, convs, permutations);

    /// <summary>Activations that get a Q/DQ pair, in graph order (inputs first).</summary>
    public IReadOnlyList<string> Tensors { get; }

    /// <summary>For each quantized activation, the activation whose calibrated range it uses (often itself).</summary>
    public IReadOnlyDictionary<string, string> RangeOf { get; }

    /// <summary>Activations whose ranges calibration must measure.</summary>
    public IReadOnlyList<string> Calibrated => Tensors.Select(t => RangeOf[t]).Distinct().ToList();

    /// <summary>Convolutions that get per-channel int8 weights (and int32 bias): float initializer weights and a quantized input.</summary>
    public IReadOnlyList<NodeProto> Convs { get; }

    /// <summary>
    /// MatMuls by a constant permutation matrix (<see cref="Rewrites.PhaseInterleave"/>): they only move values, so they
    /// keep their input's range like a layout operator and get their matrix as int8 with scale 1 (QLinearMatMul, exact).
    /// </summary>
    public IReadOnlyList<NodeProto> Permutations { get; }

    public static QdqPlan Create(GraphView view)
    {
        var permutations = view.Graph.Node.Where(n => IsPermutation(view, n)).ToHashSet();
        bool MovesValues(NodeProto n) => LayoutOps.Contains(n.OpType) || permutations.Contains(n);
        var order = view.Inputs.Concat(view.Graph.Node.SelectMany(n => n.Output)).Where(view.IsActivation).Distinct().ToList();
        var quantized = order.Where(t => IsQuantized(view, t, permutations)).ToList();
        var set = quantized.ToHashSet(StringComparer.Ordinal);

        var rangeOf = new Dictionary<string, string>(StringComparer.Ordinal);
        string Source(string t)
        {
            if (rangeOf.TryGetValue(t, out var known)) return known;
            var producer = view.Producer(t);
            var consumers = view.Consumers(t);
            string source = t;
            if (producer is not null && MovesValues(producer) && set.Contains(producer.Input[0]))
                source = Source(producer.Input[0]);
            else if (consumers is [{ OpType: "Relu" } relu] && set.Contains(relu.Output[0]))
                source = Source(relu.Output[0]);
            else if (producer is { OpType: "Conv" or "Concat" } && ConcatBelow(view, t, MovesValues) is { } concat && set.Contains(concat.Output[0]))
                source = Source(concat.Output[0]);
            rangeOf[t] = source;
            return source;
        }
        foreach (var t in quantized) Source(t);

        var convs = view.Graph.Node.Where(n => n.OpType == "Conv" && n.Domain is "" or "ai.onnx" && n.Input.Count >= 2
                                               && set.Contains(n.Input[0]) && view.FloatInitializer(n.Input[1]) is { Dims.Count: >= 3 }
                                               && (n.Input.Count < 3 || n.Input[2].Length == 0 || view.FloatInitializer(n.Input[2]) is not null))
                                   .ToList();
        return new QdqPlan(quantized, rangeOf, convs, permutations.Where(n => set.Contains(n.Input[0])).ToList());
    }

    /// <summary>The Concat that alone reads <paramref name="tensor"/>, directly or through layout operators that alone read their input; null if none.</summary>
    private static NodeProto? ConcatBelow(GraphView view, string tensor, Func<NodeProto, bool> movesValues)
    {
        while (view.Consumers(tensor) is [var only])
        {
            if (only.OpType == "Concat") return only;
            if (!movesValues(only)) return null;
            tensor = only.Output[0];
        }
        return null;
    }

    private static bool IsQuantized(GraphView view, string tensor, HashSet<NodeProto> permutations)
    {
        if (view.Outputs.Contains(tensor)) return false;
        var producer = view.Producer(tensor);
        if (producer is { OpType: "Conv" or "Concat" } || producer is not null && permutations.Contains(producer)) return true;
        return view.Consumers(tensor).Any(c => IntegerOps.Contains(c.OpType) && c.Domain is "" or "ai.onnx" || permutations.Contains(c));
    }

    /// <summary>A MatMul whose second input is a constant permutation matrix (<see cref="OnnxTensors.IsPermutationMatrix"/>).</summary>
    private static bool IsPermutation(GraphView view, NodeProto node) =>
        node.OpType == "MatMul" && node.Input.Count == 2 && view.FloatInitializer(node.Input[1]) is { } b && OnnxTensors.IsPermutationMatrix(b);
}
