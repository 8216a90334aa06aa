using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>Who produces and who consumes each value of a graph, and which values are constants.</summary>
internal sealed class GraphView
{
    private static readonly IReadOnlyList<NodeProto> None = [];
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NodeProto>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shapeValues = new(StringComparer.Ordinal);

    public GraphView(GraphProto graph)
    {
        Graph = graph;
        Initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Inputs = graph.Input.Select(v => v.Name).Where(n => !Initializers.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        Outputs = graph.Output.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output) _producers[output] = node;
            if (IsShapeComputation(node))
                _shapeValues.UnionWith(node.Output);
            foreach (var input in node.Input.Where(i => i.Length > 0).Distinct())
            {
                if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = [];
                list.Add(node);
            }
        }
    }

    public GraphProto Graph { get; }
    public Dictionary<string, TensorProto> Initializers { get; }
    public HashSet<string> Inputs { get; }
    public HashSet<string> Outputs { get; }

    public NodeProto? Producer(string value) => _producers.GetValueOrDefault(value);

    public IReadOnlyList<NodeProto> Consumers(string value) => _consumers.TryGetValue(value, out var list) ? list : None;

    /// <summary>A tensor computed at run time — a graph input or a node output, not a constant, not a shape computation.</summary>
    public bool IsActivation(string value) => value.Length > 0 && !Initializers.ContainsKey(value) && !_shapeValues.Contains(value)
                                              && (Inputs.Contains(value) || _producers.ContainsKey(value));

    /// <summary>A Shape node, or a node that computes only from shape values and constants (the Slice, Div and Concat that size a Reshape).</summary>
    private bool IsShapeComputation(NodeProto node)
    {
        if (node.OpType == "Shape") return true;
        var inputs = node.Input.Where(i => i.Length > 0).ToList();
        return inputs.Any(_shapeValues.Contains) && inputs.All(i => _shapeValues.Contains(i) || Initializers.ContainsKey(i));
    }

    /// <summary>A float32 initializer, the only kind of weight that gets quantized.</summary>
    public TensorProto? FloatInitializer(string value) =>
        Initializers.TryGetValue(value, out var t) && t.DataType == (int)TensorProto.Types.DataType.Float ? t : null;
}
