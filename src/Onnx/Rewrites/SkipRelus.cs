using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Rewrites;

/// <summary>
/// Moves the U-Net decoder's Relu from each skip Concat onto the two halves, where ONNX Runtime can fuse it. A block's
/// up path starts with Relu(Concat(x, y)): x is a convolution's output that also feeds the next block's LeakyRelu, and
/// y the decoder's upsampled output. The sunk form is Concat(Relu(LeakyRelu(x)), y′), y′ being y with a Relu after each
/// convolution that produces it (through Reshape, Concat, DepthToSpace and permutation MatMuls, which only move
/// elements). ONNX Runtime then fuses the LeakyRelu and those Relus into the convolutions, so a standalone activation
/// runs over x once instead of over x (LeakyRelu) and the whole Concat (Relu). Exact both ways: for a LeakyRelu slope
/// α ≥ 0, Relu(LeakyRelu(v)) = Relu(v), and a Relu commutes with moving elements.
/// </summary>
internal static class SkipRelus
{
    private static readonly HashSet<string> Layout = new(["Reshape", "Concat", "DepthToSpace", "MatMul"], StringComparer.Ordinal);

    /// <summary>Sinks the Relu of every matching skip Concat of <paramref name="graph"/> in place; returns how many.</summary>
    public static int Sink(GraphProto graph)
    {
        var view = new Graph(graph);
        var names = UniqueNames.Of(graph);
        var count = 0;
        foreach (var concat in graph.Node.Where(n => n.OpType == "Concat").ToList())
        {
            if (!IsChannelConcat(concat) || view.SoleConsumer(concat.Output[0]) is not { OpType: "Relu" } relu || view.IsGraphOutput(relu.Output[0]))
                continue;
            if (view.Consumers(concat.Input[0]).Where(n => n.OpType == "LeakyRelu").ToList() is not [var leaky] || !HasNonNegativeSlope(leaky))
                continue;
            if (view.Producers(concat.Input[1]) is not { } convs) continue;

            foreach (var conv in convs)
            {
                var activated = conv.Output[0];
                conv.Output[0] = names.Take(activated + ".pre_relu");
                view.Add(Node("Relu", names.Take(conv.Name + ".relu"), conv.Output[0], activated), after: conv);
            }
            var skip = Node("Relu", names.Take(concat.Name + ".skip_relu"), leaky.Output[0], names.Take(concat.Input[0] + ".relu"));
            view.Add(skip, after: leaky);
            concat.Input[0] = skip.Output[0];
            view.DropValueInfo(concat.Output[0]);
            concat.Output[0] = relu.Output[0];
            view.Remove(relu);
            count++;
        }
        return count;
    }

    /// <summary>
    /// The inverse of <see cref="Sink"/>: puts each sunk Relu back after its Concat (the quantizer's plan expects it
    /// there, where a zero-point-0 quantization of the Concat absorbs it). Returns how many Concats were restored.
    /// </summary>
    public static int Raise(GraphProto graph)
    {
        var view = new Graph(graph);
        var names = UniqueNames.Of(graph);
        var count = 0;
        foreach (var concat in graph.Node.Where(n => n.OpType == "Concat").ToList())
        {
            if (!IsChannelConcat(concat) || view.Producer(concat.Input[0]) is not { OpType: "Relu" } skip
                || view.Consumers(skip.Output[0]).Count != 1 || view.Producer(skip.Input[0]) is not { OpType: "LeakyRelu" } leaky
                || !HasNonNegativeSlope(leaky) || view.Producers(concat.Input[1], throughRelus: true) is not { } relus)
                continue;

            foreach (var sunk in relus)
            {
                view.Producer(sunk.Input[0])!.Output[0] = sunk.Output[0];
                view.Remove(sunk);
            }
            concat.Input[0] = leaky.Input[0];
            view.Remove(skip);
            var output = concat.Output[0];
            concat.Output[0] = names.Take(output + ".pre_relu");
            view.Add(Node("Relu", names.Take(concat.Name + ".relu"), concat.Output[0], output), after: concat);
            count++;
        }
        return count;
    }

    private static bool IsChannelConcat(NodeProto node) =>
        node.Input.Count == 2 && node.Attribute.SingleOrDefault(a => a.Name == "axis") is { I: 1 };

    private static bool HasNonNegativeSlope(NodeProto leaky) =>
        (leaky.Attribute.SingleOrDefault(a => a.Name == "alpha")?.F ?? 0.01f) >= 0;

    private static NodeProto Node(string opType, string name, string input, string output)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.Add(input);
        node.Output.Add(output);
        return node;
    }

    /// <summary>Producer and consumer lookups over a graph whose node list is edited in place.</summary>
    private sealed class Graph(GraphProto graph)
    {
        private readonly Dictionary<string, TensorProto> _initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);

        public NodeProto? Producer(string value) => graph.Node.FirstOrDefault(n => n.Output.Contains(value));

        public List<NodeProto> Consumers(string value) => graph.Node.Where(n => n.Input.Contains(value)).ToList();

        public NodeProto? SoleConsumer(string value) => Consumers(value) is [var only] ? only : null;

        public bool IsGraphOutput(string value) => graph.Output.Any(v => v.Name == value);

        public void Add(NodeProto node, NodeProto after) => graph.Node.Insert(graph.Node.IndexOf(after) + 1, node);

        public void Remove(NodeProto node) => graph.Node.Remove(node);

        public void DropValueInfo(string value)
        {
            foreach (var info in graph.ValueInfo.Where(v => v.Name == value).ToList()) graph.ValueInfo.Remove(info);
        }

        /// <summary>
        /// The Conv/ConvTranspose nodes whose outputs make up <paramref name="value"/> through element-moving nodes that feed
        /// nothing else, or null if anything else is on the way. With <paramref name="throughRelus"/> the result is instead
        /// the Relu directly after each such convolution, and null if one lacks it.
        /// </summary>
        public List<NodeProto>? Producers(string value, bool throughRelus = false)
        {
            var found = new List<NodeProto>();
            var pending = new Stack<string>([value]);
            while (pending.TryPop(out var current))
            {
                if (Producer(current) is not { } node || Consumers(current).Count != 1 || IsGraphOutput(current)) return null;
                if (throughRelus && node.OpType == "Relu")
                {
                    if (Producer(node.Input[0]) is not { OpType: "Conv" or "ConvTranspose" } conv || Consumers(conv.Output[0]).Count != 1) return null;
                    found.Add(node);
                }
                else if (!throughRelus && node.OpType is "Conv" or "ConvTranspose") found.Add(node);
                else if (node.OpType == "Concat") foreach (var input in node.Input) pending.Push(input);
                else if (Layout.Contains(node.OpType) && (node.OpType != "MatMul" || IsPermutation(node.Input[1]))) pending.Push(node.Input[0]);
                else return null;
            }
            return found;
        }

        private bool IsPermutation(string matrix) => _initializers.TryGetValue(matrix, out var tensor) && OnnxTensors.IsPermutationMatrix(tensor);
    }
}
