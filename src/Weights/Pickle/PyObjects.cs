namespace Pix2Pix.Weights.Pickle;

/// <summary>A module-level name a pickle refers to (GLOBAL / STACK_GLOBAL) that the host allowed.</summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A Python dict or OrderedDict, in insertion order. BUILD state (e.g. OrderedDict._metadata) is kept apart.</summary>
internal sealed class PyDict
{
    public OrderedDictionary<object, object?> Items { get; } = new();

    public object? Attributes { get; set; }
}
