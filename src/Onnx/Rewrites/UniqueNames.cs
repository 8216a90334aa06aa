using Pix2Pix.Onnx;

namespace Pix2Pix.Onnx.Rewrites;

/// <summary>Every node, value and initializer name of a graph, handing out new names that clash with none of them.</summary>
internal sealed class UniqueNames
{
    private readonly HashSet<string> _taken;

    private UniqueNames(HashSet<string> taken) => _taken = taken;

    public static UniqueNames Of(GraphProto graph)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            taken.Add(node.Name);
            taken.UnionWith(node.Input);
            taken.UnionWith(node.Output);
        }
        taken.UnionWith(graph.Initializer.Select(t => t.Name));
        taken.UnionWith(graph.Input.Select(v => v.Name));
        taken.UnionWith(graph.Output.Select(v => v.Name));
        return new UniqueNames(taken);
    }

    /// <summary>Returns <paramref name="wanted"/>, or it with the smallest numeric suffix that is still free, and reserves it.</summary>
    public string Take(string wanted)
    {
        var name = wanted;
        for (var i = 1; !_taken.Add(name); i++) name = $"{wanted}_{i}";
        return name;
    }
}
