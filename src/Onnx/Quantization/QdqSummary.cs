using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Quantization;

/// <summary>What a QDQ model quantizes, counted from its graph.</summary>
/// <param name="Convs">Conv nodes.</param>
/// <param name="QdqConvs">Conv nodes whose input and weight come from DequantizeLinear and whose output goes to a QuantizeLinear: the ones ONNX Runtime runs as QLinearConv.</param>
/// <param name="ConvTransposes">ConvTranspose nodes (float on ONNX Runtime's CPU provider).</param>
/// <param name="QuantizedTensors">Activations with a QuantizeLinear.</param>
public sealed record QdqSummary(int Convs, int QdqConvs, int ConvTransposes, int QuantizedTensors)
{
    /// <summary>Counts the nodes of <paramref name="model"/>.</summary>
    public static QdqSummary Of(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var nodes = model.Graph.Node;
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            foreach (var o in n.Output) producers[o] = n;
            foreach (var i in n.Input)
            {
                if (!consumers.TryGetValue(i, out var list)) consumers[i] = list = [];
                list.Add(n);
            }
        }
        bool FromDq(string value) => producers.TryGetValue(value, out var p) && p.OpType == "DequantizeLinear";
        bool ToQ(string value) => consumers.TryGetValue(value, out var list) && list.Count > 0 && list.All(c => c.OpType == "QuantizeLinear");

        var convs = nodes.Where(n => n.OpType == "Conv").ToList();
        var qdq = convs.Count(c => c.Input.Count >= 2 && FromDq(c.Input[0]) && FromDq(c.Input[1]) && ToQ(c.Output[0])
                                   && (c.Input.Count < 3 || c.Input[2].Length == 0 || FromDq(c.Input[2])));
        return new QdqSummary(convs.Count, qdq, nodes.Count(n => n.OpType == "ConvTranspose"), nodes.Count(n => n.OpType == "QuantizeLinear"));
    }
}
