using Pix2Pix.Weights.Pickle;

namespace Pix2Pix.Weights.PyTorch;

/// <summary>Finds the state dict in an unpickled checkpoint and materializes its tensors in file order.</summary>
internal static class StateDictSelector
{
    public static List<NamedTensor> Select(ICheckpoint checkpoint, string? key, string source)
    {
        object? node = checkpoint.Root;
        if (key is not null)
        {
            if (node is not PyDict top)
                throw new InvalidDataException($"{source}: key '{key}' was given but the file holds no dict");
            if (!top.Items.TryGetValue(key, out node))
                throw new InvalidDataException($"{source}: no top-level entry '{key}' (entries: {DescribeKeys(top)})");
        }
        if (node is not PyDict dict)
            throw new InvalidDataException(key is null
                ? $"{source}: the file holds no dict, so no state_dict"
                : $"{source}: entry '{key}' is not a dict of tensors");

        var tensors = new List<NamedTensor>(dict.Items.Count);
        foreach (var (name, value) in dict.Items)
        {
            if (name is not string text)
                throw new InvalidDataException($"{source}: state_dict key {name} is not a string");
            if (value is not PickledTensor tensor)
                throw NotATensor(dict, text, value, key, source);
            tensors.Add(TensorMaterializer.Materialize(text, tensor, checkpoint.ReadStorage(tensor.Storage.Key).Span, source));
        }
        return tensors;
    }

    private static InvalidDataException NotATensor(PyDict dict, string name, object? value, string? key, string source)
    {
        var wrapped = dict.Items
            .Where(item => item.Key is string && item.Value is PyDict inner && inner.Items.Values.Any(v => v is PickledTensor))
            .Select(item => $"'{item.Key}'")
            .ToList();
        if (key is null && wrapped.Count > 0)
            return new InvalidDataException(
                $"{source}: this checkpoint wraps its state dict; pass key: one of {string.Join(", ", wrapped)}");
        return new InvalidDataException($"{source}: entry '{name}' is {Describe(value)}, not a tensor");
    }

    private static string DescribeKeys(PyDict dict) =>
        dict.Items.Count == 0 ? "none" : string.Join(", ", dict.Items.Keys.Select(k => $"'{k}'"));

    private static string Describe(object? value) => value switch
    {
        null => "None",
        PyDict => "a dict",
        object?[] => "a tuple",
        List<object?> => "a list",
        string => "a string",
        _ => $"a {value.GetType().Name}",
    };
}
