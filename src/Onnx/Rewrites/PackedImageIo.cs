using Google.Protobuf;

namespace Pix2Pix.Onnx.Rewrites;

/// <summary>
/// Wraps a float32 NCHW generator so that one flat vector carries an image of any size in and out, for hosts that
/// allow a single unknown dimension (ML.NET's <c>OnnxTransformer</c>). In: <c>[h, w, RGB planes in [-1, 1]]</c> (3·h·w + 2
/// values, shaped <c>[1, 3·h·w + 2]</c>). The graph reflect-pads the right and bottom edges to the size multiple (at least <c>minSide</c>) exactly as
/// <c>Pix2Pix.Inference.Translator</c> does — mirroring without repeating the edge when both pads are smaller than the
/// image, with repeated edges otherwise — runs the generator, cuts the padding off and returns <c>[h, w, output planes]</c>.
/// </summary>
internal static class PackedImageIo
{
    /// <summary>The wrapped graph's input: <c>[h, w, planes…]</c>, float32, one unknown dimension.</summary>
    public const string InputName = "pix2pix_packed";

    /// <summary>The wrapped graph's output: <c>[h, w, planes…]</c>, float32, one unknown dimension.</summary>
    public const string OutputName = "pix2pix_packed_out";

    private const string Prefix = "pix2pix_io_";

    public static ModelProto Wrap(ModelProto generator, int sizeMultiple, int minSide)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeMultiple, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSide, 1);
        var opset = generator.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 0;
        if (opset < 11) throw new ArgumentException($"packing the image input needs opset 11 or newer, the model has {opset}", nameof(generator));
        var model = generator.Clone();
        var graph = model.Graph;
        var constants = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(v => !constants.Contains(v.Name)).ToList();
        if (inputs.Count != 1 || graph.Output.Count != 1)
            throw new ArgumentException($"expected one image input and one output, the model has {inputs.Count} and {graph.Output.Count}", nameof(generator));
        var input = inputs[0];
        var output = graph.Output[0];
        if (input.Type?.TensorType is not { ElemType: (int)TensorProto.Types.DataType.Float } inputType || inputType.Shape?.Dim.Count != 4)
            throw new ArgumentException($"input '{input.Name}' is not a float32 NCHW tensor", nameof(generator));
        var channelsDim = inputType.Shape.Dim[1];
        if (channelsDim.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || channelsDim.DimValue != 3)
            throw new ArgumentException($"input '{input.Name}' must have 3 channels to take packed RGB planes", nameof(generator));
        var taken = graph.Node.SelectMany(n => n.Output.Append(n.Name)).Concat(constants);
        if (taken.FirstOrDefault(n => n.StartsWith(Prefix, StringComparison.Ordinal)) is { } clash)
            throw new ArgumentException($"the model already has a value named '{clash}'", nameof(generator));

        var pre = new Nodes();
        string packed = pre.Add("Reshape", "packed_flat", InputName, pre.Ints("minus_one", -1));
        string hwFloat = pre.Add("Slice", "hw_float", packed, pre.Ints("zero", 0), pre.Ints("two", 2), pre.Ints("axis0", 0));
        string hw = pre.Add("Cast", "hw", [hwFloat], Attr("to", (long)TensorProto.Types.DataType.Int64));
        string planes = pre.Add("Slice", "planes", packed, "pix2pix_io_two", pre.Ints("end", long.MaxValue), "pix2pix_io_axis0");
        string shape = pre.Add("Concat", "shape", [pre.Ints("batch_channels", 1, 3), hw], Attr("axis", 0));
        string image = pre.Add("Reshape", "image", planes, shape);
        string h = pre.Add("Slice", "h", hw, "pix2pix_io_zero", pre.Ints("one", 1), "pix2pix_io_axis0");
        string w = pre.Add("Slice", "w", hw, "pix2pix_io_one", "pix2pix_io_two", "pix2pix_io_axis0");
        var (th, rows101, rowsReflect) = AxisIndices(pre, "rows", h, sizeMultiple, minSide);
        var (tw, cols101, colsReflect) = AxisIndices(pre, "cols", w, sizeMultiple, minSide);
        string bottomSmall = pre.Add("Less", "bottom_small", pre.Add("Sub", "bottom", th, h), h);
        string rightSmall = pre.Add("Less", "right_small", pre.Add("Sub", "right", tw, w), w);
        string use101 = pre.Add("And", "use_reflect101", bottomSmall, rightSmall);
        string rows = pre.Add("Where", "rows", use101, rows101, rowsReflect);
        string cols = pre.Add("Where", "cols", use101, cols101, colsReflect);
        string tall = pre.Add("Gather", "padded_rows", [image, rows], Attr("axis", 2));
        pre.Add("Gather", "padded", [tall, cols], Attr("axis", 3));
        pre.Rename("pix2pix_io_padded", input.Name);

        var post = new Nodes();
        string ends = post.Add("Concat", "crop_ends", [h, w], Attr("axis", 0));
        string cropped = post.Add("Slice", "cropped", output.Name, "pix2pix_io_zero_zero", ends, post.Ints("spatial_axes", 2, 3));
        string flat = post.Add("Reshape", "flat", cropped, "pix2pix_io_minus_one");
        post.Add("Concat", "packed_out", [hwFloat, flat], Attr("axis", 0));
        post.Rename("pix2pix_io_packed_out", OutputName);
        post.Initializers.Add(OnnxTensors.Int64("pix2pix_io_zero_zero", [2], [0, 0]));

        var generatorNodes = graph.Node.ToList();
        graph.Node.Clear();
        graph.Node.AddRange(pre.All);
        graph.Node.AddRange(generatorNodes);
        graph.Node.AddRange(post.All);
        graph.Initializer.AddRange(pre.Initializers);
        graph.Initializer.AddRange(post.Initializers);
        graph.Input.Remove(input);
        graph.Input.Insert(0, FlatValue(InputName, "packed_length", batchOfOne: true));
        graph.Output.Clear();
        graph.Output.Add(FlatValue(OutputName, "packed_out_length", batchOfOne: false));
        graph.ValueInfo.Clear();
        return model;
    }

    /// <summary>
    /// The padded side (the side rounded up to <paramref name="multiple"/>, at least <paramref name="minSide"/>) and, for
    /// each padded position, the source index under OpenCV's REFLECT_101 (no edge repeat; valid while the pad is smaller
    /// than the side) and REFLECT (edge repeated, periodic for any pad).
    /// </summary>
    private static (string Target, string Reflect101, string Reflect) AxisIndices(Nodes g, string axis, string side, int multiple, int minSide)
    {
        string up = g.Add("Mul", $"{axis}_up", g.Add("Div", $"{axis}_blocks", g.Add("Add", $"{axis}_plus", side, g.Ints($"{axis}_m1", multiple - 1)), g.Ints($"{axis}_m", multiple)), $"pix2pix_io_{axis}_m");
        string min = g.Ints($"{axis}_min", minSide);
        string target = g.Add("Where", $"{axis}_target", g.Add("Less", $"{axis}_below_min", up, min), min, up);
        string scalar = g.Add("Reshape", $"{axis}_target_scalar", target, g.Ints($"{axis}_scalar_shape"));
        string index = g.Add("Range", $"{axis}_index", g.Scalar($"{axis}_start", 0), scalar, g.Scalar($"{axis}_step", 1));
        string inside = g.Add("Less", $"{axis}_inside", index, side);
        string twice = g.Add("Add", $"{axis}_twice", side, side);
        string mirror101 = g.Add("Sub", $"{axis}_mirror101", g.Add("Sub", $"{axis}_twice_m2", twice, g.Ints($"{axis}_two", 2)), index);
        string reflect101 = g.Add("Where", $"{axis}_reflect101", inside, index, mirror101);
        string folded = g.Add("Mod", $"{axis}_folded", index, twice);
        string foldedInside = g.Add("Less", $"{axis}_folded_inside", folded, side);
        string mirror = g.Add("Sub", $"{axis}_mirror", g.Add("Sub", $"{axis}_twice_m1", twice, $"pix2pix_io_{axis}_one_const"), folded);
        g.Initializers.Add(OnnxTensors.Int64($"pix2pix_io_{axis}_one_const", [1], [1]));
        string reflect = g.Add("Where", $"{axis}_reflect", foldedInside, folded, mirror);
        return (target, reflect101, reflect);
    }

    /// <summary>
    /// A float32 vector of unknown length; as <c>[1, length]</c> when <paramref name="batchOfOne"/>, the form in which
    /// ML.NET's OnnxTransformer feeds a variable-length column (it takes a leading unknown dimension for a batch of one).
    /// </summary>
    private static ValueInfoProto FlatValue(string name, string length, bool batchOfOne)
    {
        var shape = new TensorShapeProto();
        if (batchOfOne) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = length });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>Nodes (each named after its single output) and int64 constants, all prefixed so as not to meet the generator's names.</summary>
    private sealed class Nodes
    {
        public List<NodeProto> All { get; } = [];

        public List<TensorProto> Initializers { get; } = [];

        public string Add(string op, string name, params string[] inputs) => Add(op, name, inputs, []);

        public string Add(string op, string name, string[] inputs, params AttributeProto[] attributes)
        {
            var node = new NodeProto { OpType = op, Name = Prefix + name };
            node.Input.AddRange(inputs);
            node.Output.Add(Prefix + name);
            node.Attribute.AddRange(attributes);
            All.Add(node);
            return Prefix + name;
        }

        /// <summary>A 1-D int64 constant (a 0-element one, the shape of a scalar, when no values are given).</summary>
        public string Ints(string name, params long[] values)
        {
            Initializers.Add(OnnxTensors.Int64(Prefix + name, [values.Length], values));
            return Prefix + name;
        }

        /// <summary>A 0-D int64 constant.</summary>
        public string Scalar(string name, long value)
        {
            Initializers.Add(OnnxTensors.Int64(Prefix + name, [], [value]));
            return Prefix + name;
        }

        /// <summary>Renames a node's output (the last node that produces <paramref name="from"/>) to a name the graph already uses.</summary>
        public void Rename(string from, string to)
        {
            var node = All.Last(n => n.Output.Contains(from));
            node.Output[node.Output.IndexOf(from)] = to;
        }
    }
}
