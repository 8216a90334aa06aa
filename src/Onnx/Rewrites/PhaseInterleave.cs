using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Rewrites;

/// <summary>
/// Interleaves the four phase outputs of a sub-pixel layer into its 2×-upsampled output with block copies and a small
/// permutation MatMul instead of DepthToSpace, whose ONNX Runtime CPU kernel is a single-threaded element-by-element
/// shuffle (10 % of the float32 and 17–20 % of the int8 unet_256 time on 2 threads). Each phase
/// [N, C, H, W] is viewed as [N, C, H, 1, W/16, 1, 16]; Concats along the column-parity and row-parity axes give
/// [N, C, H, 2, W/16, 2·16]; the MatMul with a 32×32 permutation (exact: one 1 per column) turns each
/// (column parity, column) block into (column, column parity), which is [N, C, 2H, 2W] in memory; a Reshape to that
/// shape ends it. The output sides come from the image input's (divided by the layer's power of two), so the graph
/// keeps dynamic sizes. Widths must be multiples of <see cref="Chunk"/>.
/// </summary>
internal sealed class PhaseInterleave(GraphProto graph, UniqueNames names, string imageInput)
{
    /// <summary>Columns per block: the width of every interleaved layer's input must be a multiple of it.</summary>
    public const int Chunk = 16;

    private readonly Dictionary<int, string> _sidesAtScale = [];
    private string? _matrix, _phaseBlocks, _rowBlocks, _keepBatchAndChannels, _inputSides;

    /// <summary>
    /// Nodes turning <paramref name="phases"/> (row parity a, column parity b, in the order 00, 01, 10, 11) into
    /// <paramref name="output"/>, whose sides are the image input's divided by 2^<paramref name="outputScale"/>.
    /// </summary>
    public List<NodeProto> Emit(string path, IReadOnlyList<string> phases, int channels, string output, int outputScale)
    {
        // Shape inference cannot see through the computed Reshape shape, and ONNX Runtime moves a convolution to its
        // channels-last or blocked layout only when its input's rank is known: declare the output 4-D.
        graph.ValueInfo.Add(OnnxTensors.ImageValue(output, channels, height: null, width: null));
        var nodes = new List<NodeProto>();
        var blocks = new string[phases.Count];
        for (var i = 0; i < phases.Count; i++)
        {
            blocks[i] = names.Take($"{phases[i]}.blocks");
            nodes.Add(Node("Reshape", blocks[i], [phases[i], PhaseBlocks]));
        }
        var row0 = names.Take(path + ".row_parity0");
        var row1 = names.Take(path + ".row_parity1");
        var rows = names.Take(path + ".rows");
        nodes.Add(Node("Concat", row0, [blocks[0], blocks[1]], axis: 5));
        nodes.Add(Node("Concat", row1, [blocks[2], blocks[3]], axis: 5));
        nodes.Add(Node("Concat", rows, [row0, row1], axis: 3));
        var flat = names.Take(path + ".row_blocks");
        nodes.Add(Node("Reshape", flat, [rows, RowBlocks]));
        var interleaved = names.Take(path + ".interleave");
        nodes.Add(Node("MatMul", interleaved, [flat, Matrix]));
        var shape = names.Take(path + ".output_shape");
        nodes.Add(Node("Concat", shape, [KeepBatchAndChannels, Sides(nodes, outputScale)], axis: 0));
        nodes.Add(Node("Reshape", output, [interleaved, shape], name: names.Take(path + ".to_image")));
        return nodes;
    }

    private string Sides(List<NodeProto> nodes, int scale)
    {
        if (_sidesAtScale.TryGetValue(scale, out var known)) return known;
        if (_inputSides is null)
        {
            var inputShape = names.Take("interleave.input_shape");
            nodes.Add(Node("Shape", inputShape, [imageInput]));
            _inputSides = names.Take("interleave.input_sides");
            nodes.Add(Node("Slice", _inputSides, [inputShape, Constant("interleave.side_start", [2]), Constant("interleave.side_end", [4])]));
        }
        if (scale == 0) return _sidesAtScale[0] = _inputSides;
        var sides = names.Take($"interleave.sides_div{1L << scale}");
        nodes.Add(Node("Div", sides, [_inputSides, Constant($"interleave.div{1L << scale}", [1L << scale])]));
        return _sidesAtScale[scale] = sides;
    }

    private string PhaseBlocks => _phaseBlocks ??= Constant("interleave.phase_blocks", [0, 0, 0, 1, -1, 1, Chunk]);
    private string RowBlocks => _rowBlocks ??= Constant("interleave.row_blocks", [0, 0, 0, 2, -1, 2 * Chunk]);
    private string KeepBatchAndChannels => _keepBatchAndChannels ??= Constant("interleave.keep_batch_channels", [0, 0]);

    /// <summary>32×32: row b·16 + j (column parity b, column j of the block) goes to column 2j + b.</summary>
    private string Matrix
    {
        get
        {
            if (_matrix is not null) return _matrix;
            const int n = 2 * Chunk;
            var m = new float[n * n];
            for (var b = 0; b < 2; b++)
            for (var j = 0; j < Chunk; j++)
                m[(b * Chunk + j) * n + 2 * j + b] = 1;
            var tensor = OnnxTensors.Float(names.Take("interleave.permutation"), [n, n], m);
            graph.Initializer.Add(tensor);
            return _matrix = tensor.Name;
        }
    }

    private string Constant(string name, long[] values)
    {
        var tensor = OnnxTensors.Int64(names.Take(name), [values.Length], values);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private NodeProto Node(string op, string output, string[] inputs, long? axis = null, string? name = null)
    {
        var node = new NodeProto { OpType = op, Name = name ?? output, Output = { output } };
        node.Input.AddRange(inputs);
        if (axis is { } a) node.Attribute.Add(OnnxTensors.Int("axis", a));
        return node;
    }
}
