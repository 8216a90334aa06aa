using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Rewrites;

/// <summary>
/// Replaces each ConvTranspose with kernel 4, stride 2, padding 1 by convolutions whose outputs DepthToSpace (DCR)
/// interleaves into the same result. Output row 2i takes input rows i−1, i with kernel taps 3, 1; output row 2i+1
/// takes rows i, i+1 with taps 2, 0; columns alike. Weights are copied, never recomputed, so the forms are exact up
/// to summation order.
/// </summary>
internal static class SubPixelRewrite
{
    private const int Kernel = 4;
    private const int Phases = 4;

    /// <summary>
    /// Rewrites the matching ConvTranspose nodes of <paramref name="graph"/> in place; returns how many. With
    /// <see cref="ConvTransposeForm.Auto"/>, wide layers get phase convolutions (interleaved by <see cref="PhaseInterleave"/>
    /// where the width allows) and a narrow layer stays ConvTranspose, unless <paramref name="forInt8"/>: then it becomes the
    /// tap form (ONNX Runtime runs no int8 ConvTranspose on CPU). <paramref name="sizeMultiple"/> is the model's
    /// <c>size_multiple</c> (null if unknown), from which the widths of the layers' inputs follow.
    /// </summary>
    public static int Apply(GraphProto graph, ConvTransposeForm form, bool forInt8, int? sizeMultiple)
    {
        if (form == ConvTransposeForm.ConvTranspose) return 0;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var names = UniqueNames.Of(graph);
        var imageInputs = graph.Input.Where(v => !initializers.ContainsKey(v.Name)).ToList();
        var interleave = form == ConvTransposeForm.Auto && sizeMultiple is > 0 && imageInputs.Count == 1
            ? new PhaseInterleave(graph, names, imageInputs[0].Name) : null;
        var scales = interleave is null ? [] : SpatialScale.Of(graph);
        var nodes = new List<NodeProto>(graph.Node.Count);
        var rewritten = 0;
        foreach (var node in graph.Node)
        {
            var layer = Match(node, initializers);
            if (layer is null)
            {
                nodes.Add(node);
                continue;
            }
            var scale = 0;
            var interleavable = interleave is not null && scales.TryGetValue(node.Input[0], out scale)
                                && SpatialScale.SideMultiple(sizeMultiple!.Value, scale) % PhaseInterleave.Chunk == 0;
            var layerForm = FormOf(layer, form, forInt8, interleavable);
            if (layerForm == LayerForm.Kept)
            {
                nodes.Add(node);
                continue;
            }
            var emitter = new Emitter(graph, node, layer, names);
            nodes.AddRange(layerForm switch
            {
                LayerForm.SingleConv => emitter.SingleConv(),
                LayerForm.Taps => emitter.TapConvs(),
                LayerForm.InterleavedPhases => emitter.PhaseConvs(interleave, scale - 1),
                _ => emitter.PhaseConvs(null, 0),
            });
            rewritten++;
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        RemoveUnused(graph);
        return rewritten;
    }

    private enum LayerForm { Kept, SingleConv, Phases, InterleavedPhases, Taps }

    private static LayerForm FormOf(Layer layer, ConvTransposeForm form, bool forInt8, bool interleavable) => form switch
    {
        ConvTransposeForm.SubPixel => LayerForm.SingleConv,
        ConvTransposeForm.SubPixelPhases => LayerForm.Phases,
        ConvTransposeForm.Auto when layer.OutChannels >= ConvTransposeForms.AutoMinPhaseChannels
            => interleavable ? LayerForm.InterleavedPhases : LayerForm.Phases,
        ConvTransposeForm.Auto => forInt8 ? LayerForm.Taps : LayerForm.Kept,
        _ => LayerForm.Kept,
    };

    /// <summary>Weights [C_in, C_out, 4, 4] and optional bias [C_out] of a transposed convolution that can be rewritten.</summary>
    private sealed record Layer(float[] Weight, int InChannels, int OutChannels, string? Bias);

    private static Layer? Match(NodeProto node, Dictionary<string, TensorProto> initializers)
    {
        if (node.OpType != "ConvTranspose" || node.Domain is not ("" or "ai.onnx") || node.Input.Count < 2) return null;
        if (!initializers.TryGetValue(node.Input[1], out var w) || w.DataType != (int)TensorProto.Types.DataType.Float
            || w.Dims.Count != 4 || w.Dims[2] != Kernel || w.Dims[3] != Kernel)
            return null;
        var bias = node.Input.Count > 2 && node.Input[2].Length > 0 ? node.Input[2] : null;
        if (bias is not null && (!initializers.TryGetValue(bias, out var b) || b.Dims.Count != 1 || b.Dims[0] != w.Dims[1])) return null;
        foreach (var a in node.Attribute)
        {
            var fits = a.Name switch
            {
                "kernel_shape" => a.Ints.SequenceEqual([Kernel, Kernel]),
                "strides" => a.Ints.SequenceEqual([2L, 2]),
                "pads" => a.Ints.SequenceEqual([1L, 1, 1, 1]),
                "output_padding" => a.Ints.All(v => v == 0),
                "dilations" => a.Ints.All(v => v == 1),
                "group" => a.I == 1,
                "auto_pad" => a.S.ToStringUtf8() is "" or "NOTSET",
                _ => false,
            };
            if (!fits) return null;
        }
        string[] required = ["strides", "pads"];
        if (!required.All(r => node.Attribute.Any(a => a.Name == r))) return null;
        return new Layer(OnnxTensors.ReadFloats(w), checked((int)w.Dims[0]), checked((int)w.Dims[1]), bias);
    }

    /// <summary>Kernel tap of the transposed convolution that window cell <paramref name="cell"/> of a 3×3 window reads for output phase <paramref name="phase"/>; −1 for none.</summary>
    internal static int Tap3(int phase, int cell) => (phase, cell) switch { (0, 0) => 3, (0, 1) => 1, (1, 1) => 2, (1, 2) => 0, _ => -1 };

    /// <summary>The same for the phase's own 2×2 window (padded before for phase 0, after for phase 1).</summary>
    internal static int Tap2(int phase, int cell) => (phase, cell) switch { (0, 0) => 3, (0, 1) => 1, (1, 0) => 2, _ => 0 };

    private sealed class Emitter(GraphProto graph, NodeProto node, Layer layer, UniqueNames names)
    {
        private readonly string _path = node.Name.Length > 0 ? node.Name : node.Output[0];

        /// <summary>Conv 3×3 pad 1 to 4·C_out channels (phase-major), DepthToSpace.</summary>
        public IEnumerable<NodeProto> SingleConv()
        {
            int cin = layer.InChannels, cout = layer.OutChannels;
            var weight = new float[Phases * cout * cin * 9];
            for (var a = 0; a < 2; a++)
            for (var b = 0; b < 2; b++)
            for (var o = 0; o < cout; o++)
            for (var i = 0; i < cin; i++)
            for (var r = 0; r < 3; r++)
            for (var c = 0; c < 3; c++)
            {
                int ky = Tap3(a, r), kx = Tap3(b, c);
                if (ky < 0 || kx < 0) continue;
                weight[((((a * 2 + b) * cout + o) * cin + i) * 3 + r) * 3 + c] = layer.Weight[((i * cout + o) * Kernel + ky) * Kernel + kx];
            }
            var w = AddInitializer(OnnxTensors.Float(names.Take(node.Input[1] + ".subpixel"), [Phases * cout, cin, 3, 3], weight));
            var inputs = new List<string> { node.Input[0], w };
            if (layer.Bias is not null) inputs.Add(TiledBias());
            var conv = Conv(_path, inputs, names.Take(_path + ".phases"), 3, [1, 1, 1, 1]);
            return [conv, DepthToSpace(conv.Output[0])];
        }

        /// <summary>
        /// A 1×1 Conv to the 16·C_out kernel taps (channel o·16 + 4·ky + kx), then a 3×3 pad-1 Conv with 0/1 weights that
        /// sums each output phase's four taps from their neighbouring positions (plus the bias), then DepthToSpace. Exact;
        /// for narrow layers in int8, where both convolutions have more output channels per kernel than the phase forms.
        /// </summary>
        public IEnumerable<NodeProto> TapConvs()
        {
            int cin = layer.InChannels, cout = layer.OutChannels, taps = cout * Kernel * Kernel;
            var tapWeight = new float[taps * cin];
            for (var o = 0; o < cout; o++)
            for (var ky = 0; ky < Kernel; ky++)
            for (var kx = 0; kx < Kernel; kx++)
            for (var i = 0; i < cin; i++)
                tapWeight[((o * Kernel + ky) * Kernel + kx) * cin + i] = layer.Weight[((i * cout + o) * Kernel + ky) * Kernel + kx];
            var sumWeight = new float[Phases * cout * taps * 9];
            for (var a = 0; a < 2; a++)
            for (var b = 0; b < 2; b++)
            for (var o = 0; o < cout; o++)
            for (var r = 0; r < 3; r++)
            for (var c = 0; c < 3; c++)
            {
                int ky = Tap3(a, r), kx = Tap3(b, c);
                if (ky < 0 || kx < 0) continue;
                sumWeight[((((a * 2 + b) * cout + o) * taps + (o * Kernel + ky) * Kernel + kx) * 3 + r) * 3 + c] = 1;
            }
            var tapsName = names.Take(_path + ".taps");
            var tapConv = Conv(tapsName, [node.Input[0], AddInitializer(OnnxTensors.Float(names.Take(node.Input[1] + ".taps"), [taps, cin, 1, 1], tapWeight))],
                               tapsName, 1, [0, 0, 0, 0]);
            var inputs = new List<string> { tapsName, AddInitializer(OnnxTensors.Float(names.Take(node.Input[1] + ".tap_sums"), [Phases * cout, taps, 3, 3], sumWeight)) };
            if (layer.Bias is not null) inputs.Add(TiledBias());
            var sums = names.Take(_path + ".phases");
            return [tapConv, Conv(sums, inputs, sums, 3, [1, 1, 1, 1]), DepthToSpace(sums)];
        }

        /// <summary>Four 2×2 Convs (one per output phase, asymmetric pads), then Concat and DepthToSpace, or <paramref name="interleave"/>'s nodes.</summary>
        public IEnumerable<NodeProto> PhaseConvs(PhaseInterleave? interleave, int outputScale)
        {
            int cin = layer.InChannels, cout = layer.OutChannels;
            var nodes = new List<NodeProto>();
            var phaseOutputs = new List<string>();
            for (var a = 0; a < 2; a++)
            for (var b = 0; b < 2; b++)
            {
                var weight = new float[cout * cin * 4];
                for (var o = 0; o < cout; o++)
                for (var i = 0; i < cin; i++)
                for (var r = 0; r < 2; r++)
                for (var c = 0; c < 2; c++)
                    weight[((o * cin + i) * 2 + r) * 2 + c] = layer.Weight[((i * cout + o) * Kernel + Tap2(a, r)) * Kernel + Tap2(b, c)];
                var w = AddInitializer(OnnxTensors.Float(names.Take($"{node.Input[1]}.phase{a}{b}"), [cout, cin, 2, 2], weight));
                var inputs = new List<string> { node.Input[0], w };
                if (layer.Bias is not null) inputs.Add(layer.Bias);
                var name = names.Take($"{_path}.phase{a}{b}");
                var conv = Conv(name, inputs, name, 2, [1 - a, 1 - b, a, b]);
                nodes.Add(conv);
                phaseOutputs.Add(conv.Output[0]);
            }
            if (interleave is not null)
            {
                nodes.AddRange(interleave.Emit(_path, phaseOutputs, cout, node.Output[0], outputScale));
                return nodes;
            }
            var concatName = names.Take(_path + ".phases");
            var concat = new NodeProto { OpType = "Concat", Name = concatName, Output = { concatName }, Attribute = { OnnxTensors.Int("axis", 1) } };
            concat.Input.AddRange(phaseOutputs);
            nodes.Add(concat);
            nodes.Add(DepthToSpace(concatName));
            return nodes;
        }

        /// <summary>The bias repeated for the four phases (phase-major channels).</summary>
        private string TiledBias()
        {
            var bias = OnnxTensors.ReadFloats(graph.Initializer.First(t => t.Name == layer.Bias));
            var tiled = Enumerable.Range(0, Phases).SelectMany(_ => bias).ToArray();
            return AddInitializer(OnnxTensors.Float(names.Take(layer.Bias + ".subpixel"), [Phases * layer.OutChannels], tiled));
        }

        private NodeProto Conv(string name, IEnumerable<string> inputs, string output, long kernel, long[] pads)
        {
            var conv = new NodeProto
            {
                OpType = "Conv", Name = name, Output = { output },
                DocString = Describe(node.DocString),
                Attribute =
                {
                    OnnxTensors.Ints("kernel_shape", kernel, kernel), OnnxTensors.Ints("strides", 1, 1), OnnxTensors.Ints("pads", pads),
                    OnnxTensors.Ints("dilations", 1, 1), OnnxTensors.Int("group", 1),
                },
            };
            conv.Input.AddRange(inputs);
            return conv;
        }

        private NodeProto DepthToSpace(string input) => new()
        {
            OpType = "DepthToSpace", Name = names.Take(_path + ".depth_to_space"), Input = { input }, Output = { node.Output[0] },
            Attribute = { OnnxTensors.Int("blocksize", 2), OnnxTensors.String("mode", "DCR") },
        };

        private string AddInitializer(TensorProto tensor)
        {
            graph.Initializer.Add(tensor);
            return tensor.Name;
        }

        private static string Describe(string original)
        {
            const string note = "ConvTranspose k4 s2 p1 rewritten as sub-pixel convolution";
            return original.Length == 0 ? note : $"{original}; {note}";
        }
    }

    private static void RemoveUnused(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        var keep = graph.Initializer.Where(t => used.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(keep);
    }
}
