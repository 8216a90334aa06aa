using Pix2Pix.Onnx;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pix2Pix.Export;

/// <summary>
/// Turns a generator's module tree into ONNX nodes in eval form. Node and value names are the modules'
/// state-dict paths (<c>model.model.1</c>), initializers are named by their state-dict keys.
/// </summary>
internal sealed class GeneratorLowering(GraphBuilder graph, bool foldBatchNorm)
{
    /// <summary>Emits the nodes of <paramref name="module"/> applied to value <paramref name="input"/>; returns the result's value name.</summary>
    public string Lower(nn.Module module, string path, string input) => module switch
    {
        UnetGenerator or ResnetGenerator or Sequential => Chain(module, path, input),
        UnetSkipBlock { IsOutermost: true } => Chain(module, path, input),
        UnetSkipBlock => graph.AddNode("Concat", path, [input, Chain(module, path, input)], OnnxTensors.Int("axis", 1)),
        ResnetBlock => graph.AddNode("Add", path, [input, Chain(module, path, input)]),
        Conv2d conv => Conv(conv, path, input, null),
        ConvTranspose2d conv => ConvTranspose(conv, path, input, null),
        SubPixelConvTranspose2d conv => ConvTranspose(conv, path, input, null),
        BatchNorm2d norm => BatchNormalization(norm, path, input),
        InstanceNorm2d norm => InstanceNormalization(norm, path, input),
        LeakyReLU relu => graph.AddNode("LeakyRelu", path, [input], OnnxTensors.Float("alpha", (float)relu.negative_slope)),
        ReLU => graph.AddNode("Relu", path, [input]),
        Tanh => graph.AddNode("Tanh", path, [input]),
        ReflectionPad2d pad => ReflectPad(pad, path, input),
        Identity or Dropout => input,
        _ => throw new NotSupportedException($"cannot export '{path}': {module.GetType().Name} has no ONNX lowering"),
    };

    private string Chain(nn.Module container, string path, string input)
    {
        var children = container.named_children().ToList();
        var x = input;
        for (var i = 0; i < children.Count; i++)
        {
            var (name, child) = children[i];
            var childPath = Join(path, name);
            if (foldBatchNorm && i + 1 < children.Count && children[i + 1].module is BatchNorm2d norm)
            {
                var folded = new FoldedNorm(norm, Join(path, children[i + 1].name));
                if (child is Conv2d conv) { x = Conv(conv, childPath, x, folded); i++; continue; }
                if (child is ConvTranspose2d up) { x = ConvTranspose(up, childPath, x, folded); i++; continue; }
                if (child is SubPixelConvTranspose2d sub) { x = ConvTranspose(sub, childPath, x, folded); i++; continue; }
            }
            x = Lower(child, childPath, x);
        }
        return x;
    }

    private string Conv(Conv2d conv, string path, string input, FoldedNorm? folded)
    {
        var (weight, bias) = Parameters(conv.weight!, conv.bias, path, folded, outputChannelsFirst: true);
        long k = Square(conv.kernel_size, path), s = Square(conv.stride, path), p = Square(conv.padding ?? [0], path);
        return AddConvNode("Conv", path, input, weight, bias, folded,
            OnnxTensors.Ints("kernel_shape", k, k), OnnxTensors.Ints("strides", s, s), OnnxTensors.Ints("pads", p, p, p, p),
            OnnxTensors.Ints("dilations", 1, 1), OnnxTensors.Int("group", 1));
    }

    private string ConvTranspose(ConvTranspose2d conv, string path, string input, FoldedNorm? folded)
    {
        var (weight, bias) = Parameters(conv.weight!, conv.bias, path, folded, outputChannelsFirst: false);
        return ConvTransposeNode(path, input, weight, bias, folded, Square(conv.kernel_size, path), Square(conv.stride, path),
                                 Square(conv.padding ?? [0], path), Square(conv.output_padding, path));
    }

    private string ConvTranspose(SubPixelConvTranspose2d conv, string path, string input, FoldedNorm? folded)
    {
        var (weight, bias) = Parameters(conv.weight, conv.bias, path, folded, outputChannelsFirst: false);
        return ConvTransposeNode(path, input, weight, bias, folded, 4, 2, 1, 0);
    }

    private string ConvTransposeNode(string path, string input, string weight, string? bias, FoldedNorm? folded, long k, long s, long p, long o)
    {
        return AddConvNode("ConvTranspose", path, input, weight, bias, folded,
            OnnxTensors.Ints("kernel_shape", k, k), OnnxTensors.Ints("strides", s, s), OnnxTensors.Ints("pads", p, p, p, p),
            OnnxTensors.Ints("output_padding", o, o), OnnxTensors.Ints("dilations", 1, 1), OnnxTensors.Int("group", 1));
    }

    private string AddConvNode(string opType, string path, string input, string weight, string? bias, FoldedNorm? folded,
                               params AttributeProto[] attributes)
    {
        var output = graph.AddNode(opType, path, bias is null ? [input, weight] : [input, weight, bias], attributes);
        if (folded is not null) graph.Describe(output, $"with BatchNorm2d {folded.Path} folded in");
        return output;
    }

    private (string Weight, string? Bias) Parameters(Tensor weight, Tensor? bias, string path, FoldedNorm? folded, bool outputChannelsFirst)
    {
        var shape = weight.shape;
        var weightValues = weight.ToHostFloats();
        var biasValues = bias is null ? null : bias.ToHostFloats();
        if (folded is not null)
            (weightValues, biasValues) = BatchNormFolding.Fold(weightValues, shape, biasValues, folded.Layer, outputChannelsFirst);
        var weightName = graph.AddInitializer(OnnxTensors.Float(path + ".weight", shape, weightValues));
        var biasName = biasValues is null ? null : graph.AddInitializer(OnnxTensors.Float(path + ".bias", [biasValues.Length], biasValues));
        return (weightName, biasName);
    }

    private string BatchNormalization(BatchNorm2d norm, string path, string input)
    {
        long[] dims = [norm.num_features];
        var inputs = new[] { input,
            graph.AddInitializer(OnnxTensors.Float(path + ".weight", dims, norm.weight.ToHostFloats())),
            graph.AddInitializer(OnnxTensors.Float(path + ".bias", dims, norm.bias!.ToHostFloats())),
            graph.AddInitializer(OnnxTensors.Float(path + ".running_mean", dims, norm.running_mean!.ToHostFloats())),
            graph.AddInitializer(OnnxTensors.Float(path + ".running_var", dims, norm.running_var!.ToHostFloats())) };
        return graph.AddNode("BatchNormalization", path, inputs, OnnxTensors.Float("epsilon", (float)norm.eps));
    }

    private string InstanceNormalization(InstanceNorm2d norm, string path, string input)
    {
        var channels = norm.num_features;
        var scale = graph.AddSharedInitializer($"ones_{channels}", () => OnnxTensors.Float($"ones_{channels}", [channels], Filled(channels, 1f)));
        var bias = graph.AddSharedInitializer($"zeros_{channels}", () => OnnxTensors.Float($"zeros_{channels}", [channels], Filled(channels, 0f)));
        return graph.AddNode("InstanceNormalization", path, [input, scale, bias], OnnxTensors.Float("epsilon", (float)norm.eps));
    }

    private string ReflectPad(ReflectionPad2d pad, string path, string input)
    {
        var p = pad.padding[0];
        if (pad.padding.Any(v => v != p)) throw new NotSupportedException($"cannot export '{path}': only equal reflection padding on all sides");
        var name = $"pads_{p}";
        var pads = graph.AddSharedInitializer(name, () => OnnxTensors.Int64(name, [8], [0, 0, p, p, 0, 0, p, p]));
        return graph.AddNode("Pad", path, [input, pads], OnnxTensors.String("mode", "reflect"));
    }

    private static long Square(long[] values, string path) =>
        values.All(v => v == values[0]) ? values[0] : throw new NotSupportedException($"cannot export '{path}': only square kernels, strides and paddings");

    private static float[] Filled(long count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }

    /// <summary>A BatchNorm2d merged into the convolution before it, and its state-dict path.</summary>
    private sealed record FoldedNorm(BatchNorm2d Layer, string Path);

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
