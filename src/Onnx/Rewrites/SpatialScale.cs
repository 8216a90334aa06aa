using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Rewrites;

/// <summary>
/// For each value of a single-image-input graph, by how many halvings its height and width follow from the input's:
/// value side = input side / 2^scale. Known only through operators whose output size is an exact power-of-two
/// multiple of their input's (Conv and pooling that divide by their stride, ConvTranspose that multiplies by it,
/// DepthToSpace/SpaceToDepth, element-wise operators, Concat, normalizations).
/// </summary>
internal static class SpatialScale
{
    private static readonly HashSet<string> SizeKeeping =
    [
        "Relu", "LeakyRelu", "Tanh", "Sigmoid", "Clip", "Add", "Sub", "Mul", "Div", "Concat", "BatchNormalization",
        "InstanceNormalization", "Dropout", "Identity", "Cast", "QuantizeLinear", "DequantizeLinear",
    ];

    /// <summary>The scale of every value whose size is known; the graph's image inputs have scale 0.</summary>
    public static Dictionary<string, int> Of(GraphProto graph)
    {
        var constants = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var scale = graph.Input.Where(v => !constants.Contains(v.Name)).ToDictionary(v => v.Name, _ => 0, StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            var known = node.Input.Where(scale.ContainsKey).Select(i => scale[i]).Distinct().ToList();
            if (known.Count != 1) continue;
            if (Step(node) is not { } step) continue;
            foreach (var output in node.Output) scale[output] = known[0] + step;
        }
        return scale;
    }

    /// <summary>
    /// Halvings from <paramref name="scale"/> to the side of a graph input whose sides are multiples of
    /// <paramref name="sizeMultiple"/>: the largest power of two that always divides the value's side (1 if none).
    /// </summary>
    public static int SideMultiple(int sizeMultiple, int scale)
    {
        if (scale < 0 || sizeMultiple <= 0) return 1;
        var pow2 = sizeMultiple & -sizeMultiple;
        return scale >= 31 || pow2 >> scale == 0 ? 1 : pow2 >> scale;
    }

    private static int? Step(NodeProto node) => node.OpType switch
    {
        _ when SizeKeeping.Contains(node.OpType) => 0,
        "Conv" or "MaxPool" or "AveragePool" => DividingStride(node) is { } s ? Log2(s) : null,
        "ConvTranspose" => MultiplyingStride(node) is { } s ? -Log2(s) : null,
        "DepthToSpace" => Log2(Attr(node, "blocksize")?.I ?? 0) is { } b ? -b : null,
        "SpaceToDepth" => Log2(Attr(node, "blocksize")?.I ?? 0),
        _ => null,
    };

    /// <summary>The stride s of a node whose output side is exactly input side / s for inputs that are multiples of s.</summary>
    private static long? DividingStride(NodeProto node)
    {
        if (Geometry(node) is not var (kernel, stride, pads, dilation)) return null;
        var span = dilation * (kernel - 1) + 1;
        var slack = pads - span;   // out = floor((in + slack) / s) + 1 = in / s  ⇔  −s ≤ slack < 0
        return slack >= -stride && slack < 0 ? stride : null;
    }

    /// <summary>The stride s of a ConvTranspose whose output side is exactly s · input side.</summary>
    private static long? MultiplyingStride(NodeProto node)
    {
        if (Geometry(node) is not var (kernel, stride, pads, dilation)) return null;
        var outputPadding = Attr(node, "output_padding")?.Ints.Distinct().ToList() ?? [0];
        if (outputPadding.Count != 1) return null;
        // out = (in − 1)·s − pads + d·(k − 1) + 1 + output_padding = s·in
        return dilation * (kernel - 1) + 1 + outputPadding[0] - pads - stride == 0 ? stride : null;
    }

    /// <summary>Kernel, stride, summed begin+end padding and dilation, when equal along both spatial axes and explicit.</summary>
    private static (long Kernel, long Stride, long Pads, long Dilation)? Geometry(NodeProto node)
    {
        if (Attr(node, "auto_pad") is { } autoPad && autoPad.S.ToStringUtf8() is not ("" or "NOTSET")) return null;
        var kernel = Attr(node, "kernel_shape")?.Ints;
        var strides = Attr(node, "strides")?.Ints;
        var pads = Attr(node, "pads")?.Ints;
        var dilations = Attr(node, "dilations")?.Ints;
        if (kernel is not { Count: 2 } || kernel[0] != kernel[1]) return null;
        long stride = strides is { Count: 2 } ? (strides[0] == strides[1] ? strides[0] : -1) : 1;
        long dilation = dilations is { Count: 2 } ? (dilations[0] == dilations[1] ? dilations[0] : -1) : 1;
        long padSum = pads is { Count: 4 } ? (pads[0] + pads[2] == pads[1] + pads[3] ? pads[0] + pads[2] : -1) : 0;
        if (stride < 1 || dilation < 1 || padSum < 0) return null;
        return (kernel[0], stride, padSum, dilation);
    }

    private static int? Log2(long value) => value > 0 && (value & (value - 1)) == 0 ? System.Numerics.BitOperations.Log2((ulong)value) : null;

    private static AttributeProto? Attr(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);
}
