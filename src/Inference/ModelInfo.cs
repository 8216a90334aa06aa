using System.Globalization;
using Pix2Pix.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Pix2Pix.Inference;

/// <summary>What a <see cref="Translator"/> learned from its model: tensor names, channels, size constraints and metadata.</summary>
/// <param name="Name">The model file name, or the name given with the bytes; used in messages.</param>
/// <param name="InputName">Name of the image input.</param>
/// <param name="OutputName">Name of the image output.</param>
/// <param name="InputChannels">1 (gray) or 3 (RGB).</param>
/// <param name="OutputChannels">1 (gray) or 3 (RGB).</param>
/// <param name="SizeMultiple">Height and width of the input must be multiples of this (metadata <c>size_multiple</c>, else 1).</param>
/// <param name="Direction">Metadata <c>direction</c> (e.g. "AtoB"), or null.</param>
/// <param name="FixedBatch">The input's static batch dimension, or null when it is dynamic.</param>
/// <param name="FixedHeight">The input's static height, or null when dynamic.</param>
/// <param name="FixedWidth">The input's static width, or null when dynamic.</param>
public sealed record ModelInfo(
    string Name, string InputName, string OutputName, int InputChannels, int OutputChannels, int SizeMultiple,
    string? Direction, int? FixedBatch, int? FixedHeight, int? FixedWidth)
{
    /// <summary>Everything the model's pix2pix metadata says (for example the training crop size).</summary>
    public GeneratorMetadata Metadata { get; init; } = GeneratorMetadata.Read(new Dictionary<string, string>(), Name);

    /// <summary>Whether the model only takes one spatial size (every image is resized to it; no tiling).</summary>
    public bool HasFixedSize => FixedHeight is not null && FixedWidth is not null;

    /// <summary>
    /// Reads and checks a session's signature and its metadata (<see cref="GeneratorMetadata.Read(IReadOnlyDictionary{string, string}, string)"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">The model is not a single-image generator this pipeline can drive.</exception>
    internal static ModelInfo Read(InferenceSession session, string name)
    {
        var inputs = session.InputNames.Select(n => new Node(n, session.InputMetadata[n])).ToList();
        var outputs = session.OutputNames.Select(n => new Node(n, session.OutputMetadata[n])).ToList();
        if (inputs.Count != 1)
            throw Invalid(name, $"it has {inputs.Count} inputs ({string.Join(", ", inputs)}); a generator takes one NCHW image tensor");
        if (outputs.Count < 1)
            throw Invalid(name, "it has no outputs");
        Node input = inputs[0], output = outputs[0];
        var metadata = GeneratorMetadata.Read(session.ModelMetadata.CustomMetadataMap, name);

        int inputNc = Channels(name, input, "input", metadata.InputNc);
        int outputNc = Channels(name, output, "output", metadata.OutputNc);
        int? height = Fixed(input.Shape[2]), width = Fixed(input.Shape[3]);
        if (height is not null != width is not null)
            throw Invalid(name, $"the input {input} fixes only one of height and width");
        return new ModelInfo(name, input.Name, output.Name, inputNc, outputNc, metadata.SizeMultiple, metadata.Direction,
            Fixed(input.Shape[0]), height, width) { Metadata = metadata };
    }

    /// <summary>A graph input or output as ONNX Runtime describes it; prints as <c>name: Float[N, 3, H, W]</c>.</summary>
    private sealed record Node(string Name, NodeMetadata Metadata)
    {
        public bool IsFloatTensor => Metadata.IsTensor && Metadata.ElementDataType == TensorElementType.Float;

        public string ElementType => Metadata.IsTensor ? Metadata.ElementDataType.ToString() : Metadata.OnnxValueType.ToString();

        public int[] Shape => Metadata.IsTensor ? Metadata.Dimensions : [];

        public override string ToString() =>
            $"{Name}: {ElementType}[{string.Join(", ", Shape.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : Metadata.SymbolicDimensions[i] is { Length: > 0 } s ? s : "?"))}]";
    }

    private static int Channels(string model, Node node, string role, int? fromMetadata)
    {
        if (!node.IsFloatTensor)
            throw Invalid(model, $"the {role} {node} is {node.ElementType}; a generator takes and returns float tensors");
        if (node.Shape.Length != 4)
            throw Invalid(model, $"the {role} {node} has rank {node.Shape.Length}; a generator takes and returns NCHW images (rank 4)");
        long dim = node.Shape[1];
        if (dim >= 0 && fromMetadata is not null && dim != fromMetadata)
            throw Invalid(model, $"the {role} {node} has {dim} channels but metadata {role}_nc says {fromMetadata}");
        long channels = dim >= 0 ? dim : fromMetadata
            ?? throw Invalid(model, $"the {role} {node} has a dynamic channel dimension and no {role}_nc metadata");
        if (channels is not (1 or 3))
            throw Invalid(model, $"the {role} {node} has {channels} channels; a generator takes and returns 1 (gray) or 3 (RGB)");
        return (int)channels;
    }

    private static int? Fixed(long dim) => dim > 0 ? checked((int)dim) : null;

    private static InvalidDataException Invalid(string model, string reason) =>
        new($"Model '{model}' cannot be used for image translation: {reason}.");
}
