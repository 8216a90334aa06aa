namespace Pix2Pix.OnnxRuntime;

/// <summary>A model input or output: name, element type and shape (-1 where a dimension is dynamic).</summary>
public sealed class NodeMetadata
{
    internal NodeMetadata(string name, TensorElementType elementType, long[] shape, string[] symbolicDimensions)
    {
        Name = name;
        ElementType = elementType;
        Shape = shape;
        SymbolicDimensions = symbolicDimensions;
    }

    /// <summary>The graph input or output name.</summary>
    public string Name { get; }

    /// <summary>Element type; <see cref="TensorElementType.Undefined"/> when the value is not a tensor.</summary>
    public TensorElementType ElementType { get; }

    /// <summary>Dimensions, -1 where dynamic.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Symbolic dimension names (e.g. "N"), "" where a dimension is fixed or unnamed.</summary>
    public IReadOnlyList<string> SymbolicDimensions { get; }

    /// <summary>Whether the value is a tensor.</summary>
    public bool IsTensor => ElementType != TensorElementType.Undefined;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: {ElementType}[{string.Join(", ", Shape.Select((d, i) => d >= 0 ? d.ToString() : SymbolicDimensions[i] is { Length: > 0 } s ? s : "?"))}]";
}

/// <summary>The model's ModelProto fields and its custom <c>metadata_props</c>.</summary>
public sealed class ModelMetadata
{
    internal ModelMetadata(string producerName, string graphName, string domain, string description, long version,
                           IReadOnlyDictionary<string, string> customMetadataMap)
    {
        ProducerName = producerName;
        GraphName = graphName;
        Domain = domain;
        Description = description;
        Version = version;
        CustomMetadataMap = customMetadataMap;
    }

    /// <summary>ModelProto.producer_name.</summary>
    public string ProducerName { get; }

    /// <summary>GraphProto.name.</summary>
    public string GraphName { get; }

    /// <summary>ModelProto.domain.</summary>
    public string Domain { get; }

    /// <summary>ModelProto.doc_string.</summary>
    public string Description { get; }

    /// <summary>ModelProto.model_version.</summary>
    public long Version { get; }

    /// <summary>ModelProto.metadata_props.</summary>
    public IReadOnlyDictionary<string, string> CustomMetadataMap { get; }
}
