using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Rewrites;

/// <summary>
/// Turns a float32 model into a float16 one: every float32 initializer becomes float16 (round to nearest, saturating
/// at ±65504) and every float32 value type float16. The graph's float inputs and outputs either become float16 too or
/// stay float32 behind Cast nodes.
/// </summary>
internal static class Float16Conversion
{
    private const int Float = (int)TensorProto.Types.DataType.Float;
    private const int Half = (int)TensorProto.Types.DataType.Float16;

    public static void Apply(ModelProto model, bool float16Io)
    {
        var graph = model.Graph;
        for (var i = 0; i < graph.Initializer.Count; i++)
        {
            var t = graph.Initializer[i];
            if (t.DataType != Float) continue;
            var half = OnnxTensors.Float16(t.Name, t.Dims.ToArray(), OnnxTensors.ReadFloats(t));
            half.DocString = t.DocString;
            graph.Initializer[i] = half;
        }
        foreach (var value in graph.ValueInfo) Retype(value);
        var constants = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var value in graph.Input.Where(v => constants.Contains(v.Name))) Retype(value);
        foreach (var node in graph.Node) RetypeCastTargets(node);

        if (float16Io)
        {
            foreach (var value in graph.Input.Concat(graph.Output)) Retype(value);
            return;
        }
        var names = UniqueNames.Of(graph);
        var casts = new List<NodeProto>();
        foreach (var input in graph.Input.Where(v => IsFloat(v) && !constants.Contains(v.Name)))
        {
            var inner = names.Take(input.Name + ".fp16");
            foreach (var node in graph.Node) Replace(node.Input, input.Name, inner);
            casts.Add(Cast(names.Take(input.Name + ".to_float16"), input.Name, inner, Half));
        }
        var tail = new List<NodeProto>();
        foreach (var output in graph.Output.Where(IsFloat))
        {
            var inner = names.Take(output.Name + ".fp16");
            foreach (var node in graph.Node)
            {
                Replace(node.Output, output.Name, inner);
                Replace(node.Input, output.Name, inner);
            }
            tail.Add(Cast(names.Take(output.Name + ".to_float32"), inner, output.Name, Float));
        }
        var nodes = casts.Concat(graph.Node).Concat(tail).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
    }

    private static bool IsFloat(ValueInfoProto value) => value.Type?.TensorType?.ElemType == Float;

    private static void Retype(ValueInfoProto value)
    {
        if (IsFloat(value)) value.Type.TensorType.ElemType = Half;
    }

    /// <summary>Casts to float32 inside the graph would reintroduce float32 values; they cast to float16 instead.</summary>
    private static void RetypeCastTargets(NodeProto node)
    {
        if (node.OpType != "Cast") return;
        foreach (var a in node.Attribute)
            if (a.Name == "to" && a.I == Float) a.I = Half;
    }

    private static NodeProto Cast(string name, string input, string output, int to) =>
        new() { OpType = "Cast", Name = name, Input = { input }, Output = { output }, Attribute = { OnnxTensors.Int("to", to) } };

    private static void Replace(Google.Protobuf.Collections.RepeatedField<string> values, string from, string to)
    {
        for (var i = 0; i < values.Count; i++) if (values[i] == from) values[i] = to;
    }
}
