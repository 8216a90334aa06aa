using Google.Protobuf;
using Pix2Pix.Onnx;

namespace Pix2Pix.Quantization.Tests;

/// <summary>Small ONNX graphs written by hand for exact expectations.</summary>
internal static class HandModels
{
    public const int Float = (int)TensorProto.Types.DataType.Float;

    /// <summary>input [N, 2, H, W] → Conv 1×1 (3 output channels, given weights [3, 2] and bias [3]) → Tanh → output.</summary>
    public static ModelProto PointwiseConv(float[] weight, float[] bias)
    {
        var graph = new GraphProto { Name = "hand" };
        graph.Input.Add(Image("input", 2));
        graph.Output.Add(Image("output", 3));
        graph.Initializer.Add(Tensor("w", [3, 2, 1, 1], weight));
        graph.Initializer.Add(Tensor("b", [3], bias));
        var conv = new NodeProto { OpType = "Conv", Name = "conv", Input = { "input", "w", "b" }, Output = { "conv" } };
        conv.Attribute.Add(new AttributeProto { Name = "kernel_shape", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1 } });
        graph.Node.Add(conv);
        graph.Node.Add(new NodeProto { OpType = "Tanh", Name = "tanh", Input = { "conv" }, Output = { "output" } });
        var model = new ModelProto { IrVersion = 7, Graph = graph, ProducerName = "hand" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        return model;
    }

    public static TensorProto Tensor(string name, long[] dims, float[] values)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        var t = new TensorProto { Name = name, DataType = Float, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        return t;
    }

    public static float[] Floats(TensorProto t) => t.HasRawData ? Cast<float>(t) : t.FloatData.ToArray();

    public static T[] Cast<T>(TensorProto t) where T : unmanaged =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(t.RawData.Span).ToArray();

    private static ValueInfoProto Image(string name, int channels)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = channels });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "height" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "width" });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = Float, Shape = shape } } };
    }
}
