using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx;

/// <summary>Collects nodes (in topological order) and uniquely named initializers of one graph.</summary>
internal sealed class GraphBuilder
{
    private readonly List<NodeProto> _nodes = [];
    private readonly List<TensorProto> _initializers = [];
    private readonly HashSet<string> _initializerNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);


    /// <summary>Appends a node named <paramref name="name"/> whose single output is also called <paramref name="name"/>.</summary>
    public string AddNode(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        if (!_nodeNames.Add(name)) throw new InvalidOperationException($"two ONNX nodes would be named '{name}'");
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        _nodes.Add(node);
        return name;
    }

    /// <summary>Sets the doc_string of the node named <paramref name="name"/>.</summary>
    public void Describe(string name, string docString) => _nodes.Single(n => n.Name == name).DocString = docString;

    /// <summary>Adds an initializer; its name must be new.</summary>
    public string AddInitializer(TensorProto tensor)
    {
        if (!_initializerNames.Add(tensor.Name)) throw new InvalidOperationException($"two ONNX initializers would be named '{tensor.Name}'");
        _initializers.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a constant shared by several nodes unless one of that name exists already.</summary>
    public string AddSharedInitializer(string name, Func<TensorProto> create) =>
        _initializerNames.Contains(name) ? name : AddInitializer(create());

    /// <summary>Renames a value everywhere it is produced or consumed.</summary>
    public void RenameValue(string from, string to)
    {
        foreach (var node in _nodes)
        {
            for (var i = 0; i < node.Input.Count; i++) if (node.Input[i] == from) node.Input[i] = to;
            for (var i = 0; i < node.Output.Count; i++) if (node.Output[i] == from) node.Output[i] = to;
        }
    }

    public GraphProto Build(string name, ValueInfoProto input, ValueInfoProto output)
    {
        var graph = new GraphProto { Name = name };
        graph.Node.AddRange(_nodes);
        graph.Initializer.AddRange(_initializers);
        graph.Input.Add(input);
        graph.Output.Add(output);
        return graph;
    }
}
