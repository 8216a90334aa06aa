namespace Pix2Pix.Weights;

/// <summary>What a safetensors file holds: its tensors (in data order) and its string metadata.</summary>
public sealed record SafeTensorsContent(IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public NamedTensor this[string name] =>
        TryGet(name, out var tensor) ? tensor : throw new KeyNotFoundException($"no tensor named '{name}'");

    /// <summary>Finds the tensor called <paramref name="name"/>.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NamedTensor? tensor)
    {
        tensor = Tensors.FirstOrDefault(t => t.Name == name);
        return tensor is not null;
    }
}
