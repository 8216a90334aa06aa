using Pix2Pix.Onnx.Rewrites;
using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>Inserts the QuantizeLinear/DequantizeLinear pairs of a <see cref="QdqPlan"/> and the int8 weights of its convolutions.</summary>
internal sealed class QdqWriter
{
    private readonly GraphView _view;
    private readonly QdqPlan _plan;
    private readonly IReadOnlyDictionary<string, ActivationParams> _ranges;
    private readonly int _weightMax;
    private readonly UniqueNames _names;
    private readonly Dictionary<string, (string Scale, string ZeroPoint)> _paramNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dequantized = new(StringComparer.Ordinal);
    private readonly List<TensorProto> _newInitializers = [];

    private QdqWriter(GraphView view, QdqPlan plan, IReadOnlyDictionary<string, ActivationParams> ranges, int weightMax)
    {
        (_view, _plan, _ranges, _weightMax) = (view, plan, ranges, weightMax);
        _names = UniqueNames.Of(view.Graph);
    }

    /// <summary>Rewrites <paramref name="view"/>'s graph; <paramref name="ranges"/> holds the uint8 parameters of every activation in <see cref="QdqPlan.Calibrated"/>, weights are quantized to ±<paramref name="weightMax"/>.</summary>
    public static void Apply(GraphView view, QdqPlan plan, IReadOnlyDictionary<string, ActivationParams> ranges, int weightMax)
        => new QdqWriter(view, plan, ranges, weightMax).Write();

    private void Write()
    {
        var graph = _view.Graph;
        foreach (var t in _plan.Tensors) _dequantized[t] = _names.Take(t + "_dequantized");
        var convs = _plan.Convs.ToHashSet();
        var permutations = _plan.Permutations.ToHashSet();

        var clamps = graph.Node.Where(IsClampedByQuantization).ToHashSet();
        foreach (var relu in clamps) _dequantized[relu.Output[0]] = _dequantized[relu.Input[0]];

        var nodes = new List<NodeProto>();
        foreach (var input in _plan.Tensors.Where(_view.Inputs.Contains)) nodes.AddRange(Pair(input));
        foreach (var node in graph.Node)
        {
            if (clamps.Contains(node)) continue;
            var weightNodes = convs.Contains(node) ? QuantizeWeights(node) : permutations.Contains(node) ? QuantizePermutation(node) : [];
            if (node.OpType != "Shape")   // it reads only the dimensions: a DequantizeLinear there would run for nothing
                for (var i = 0; i < node.Input.Count; i++)
                    if (_dequantized.TryGetValue(node.Input[i], out var dq)) node.Input[i] = dq;
            nodes.AddRange(weightNodes);
            nodes.Add(node);
            foreach (var output in node.Output.Where(_dequantized.ContainsKey)) nodes.AddRange(Pair(output));
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        graph.Initializer.AddRange(_newInitializers);

        var used = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var keep = graph.Initializer.Where(t => used.Contains(t.Name) || graph.Output.Any(o => o.Name == t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(keep);
    }

    /// <summary>
    /// A Relu whose input and output share one range with zero point 0: the QuantizeLinear before it already clamps at
    /// zero, so it is dropped and its readers take its input's DequantizeLinear (what ONNX Runtime's Relu/Q fusion would
    /// do, written out so that the result does not depend on the order of its graph passes).
    /// </summary>
    private bool IsClampedByQuantization(NodeProto node) =>
        node.OpType == "Relu" && node.Input.Count == 1 && _dequantized.ContainsKey(node.Input[0]) && _dequantized.ContainsKey(node.Output[0])
        && _plan.RangeOf[node.Input[0]] == _plan.RangeOf[node.Output[0]] && _ranges[_plan.RangeOf[node.Output[0]]].ZeroPoint == 0;

    /// <summary>QuantizeLinear of <paramref name="tensor"/> and the DequantizeLinear every consumer reads instead.</summary>
    private IEnumerable<NodeProto> Pair(string tensor)
    {
        var (scale, zeroPoint) = ParamNames(_plan.RangeOf[tensor]);
        var quantized = _names.Take(tensor + "_quantized");
        yield return Node("QuantizeLinear", tensor + "_QuantizeLinear", [tensor, scale, zeroPoint], quantized);
        yield return Node("DequantizeLinear", tensor + "_DequantizeLinear", [quantized, scale, zeroPoint], _dequantized[tensor]);
    }

    private (string Scale, string ZeroPoint) ParamNames(string source)
    {
        if (_paramNames.TryGetValue(source, out var known)) return known;
        if (!_ranges.TryGetValue(source, out var p)) throw new InvalidOperationException($"no calibrated range for '{source}'");
        var scale = AddInitializer(OnnxTensors.Float(_names.Take(source + "_scale"), [], [p.Scale]));
        var zeroPoint = AddInitializer(OnnxTensors.UInt8(_names.Take(source + "_zero_point"), [], [p.ZeroPoint]));
        return _paramNames[source] = (scale, zeroPoint);
    }

    /// <summary>Replaces the conv's float weight (and bias) inputs by DequantizeLinear of int8 (int32) initializers.</summary>
    private List<NodeProto> QuantizeWeights(NodeProto conv)
    {
        var path = conv.Name.Length > 0 ? conv.Name : conv.Output[0];
        var w = _view.FloatInitializer(conv.Input[1])!;
        var channels = checked((int)w.Dims[0]);
        var weights = ChannelWeights.Quantize(OnnxTensors.ReadFloats(w), channels, _weightMax);
        var nodes = new List<NodeProto>();

        var wq = AddInitializer(OnnxTensors.Int8(_names.Take(path + ".weight_quantized"), w.Dims.ToArray(), weights.Values));
        var ws = AddInitializer(OnnxTensors.Float(_names.Take(path + ".weight_scale"), [channels], weights.Scales));
        var wz = AddInitializer(OnnxTensors.Int8(_names.Take(path + ".weight_zero_point"), [channels], new sbyte[channels]));
        var wdq = _names.Take(path + ".weight_dequantized");
        nodes.Add(Node("DequantizeLinear", path + ".weight_DequantizeLinear", [wq, ws, wz], wdq, axis: 0));
        conv.Input[1] = wdq;

        if (conv.Input.Count > 2 && conv.Input[2].Length > 0)
        {
            var inputScale = _ranges[_plan.RangeOf[conv.Input[0]]].Scale;
            var (values, scales) = weights.QuantizeBias(OnnxTensors.ReadFloats(_view.FloatInitializer(conv.Input[2])!), inputScale);
            var bq = AddInitializer(OnnxTensors.Int32(_names.Take(path + ".bias_quantized"), [channels], values));
            var bs = AddInitializer(OnnxTensors.Float(_names.Take(path + ".bias_scale"), [channels], scales));
            var bz = AddInitializer(OnnxTensors.Int32(_names.Take(path + ".bias_zero_point"), [channels], new int[channels]));
            var bdq = _names.Take(path + ".bias_dequantized");
            nodes.Add(Node("DequantizeLinear", path + ".bias_DequantizeLinear", [bq, bs, bz], bdq, axis: 0));
            conv.Input[2] = bdq;
        }
        return nodes;
    }

    /// <summary>Replaces a permutation MatMul's float 0/1 matrix by DequantizeLinear of the same values as int8 with scale 1.</summary>
    private List<NodeProto> QuantizePermutation(NodeProto matMul)
    {
        var path = matMul.Name.Length > 0 ? matMul.Name : matMul.Output[0];
        var m = _view.FloatInitializer(matMul.Input[1])!;
        var values = OnnxTensors.ReadFloats(m).Select(v => (sbyte)v).ToArray();
        var mq = AddInitializer(OnnxTensors.Int8(_names.Take(path + ".matrix_quantized"), m.Dims.ToArray(), values));
        var ms = AddInitializer(OnnxTensors.Float(_names.Take(path + ".matrix_scale"), [], [1f]));
        var mz = AddInitializer(OnnxTensors.Int8(_names.Take(path + ".matrix_zero_point"), [], [0]));
        var mdq = _names.Take(path + ".matrix_dequantized");
        matMul.Input[1] = mdq;
        return [Node("DequantizeLinear", path + ".matrix_DequantizeLinear", [mq, ms, mz], mdq)];
    }

    private NodeProto Node(string op, string name, string[] inputs, string output, long? axis = null)
    {
        var node = new NodeProto { OpType = op, Name = _names.Take(name), Output = { output } };
        node.Input.AddRange(inputs);
        if (axis is { } a) node.Attribute.Add(OnnxTensors.Int("axis", a));
        return node;
    }

    private string AddInitializer(TensorProto tensor)
    {
        _newInitializers.Add(tensor);
        return tensor.Name;
    }
}
