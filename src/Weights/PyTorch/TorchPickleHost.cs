using Pix2Pix.Weights.Pickle;

namespace Pix2Pix.Weights.PyTorch;

/// <summary>
/// The only globals a state_dict pickle may use, and what they build. Anything else (os.system, builtins.eval,
/// arbitrary classes) is rejected by name before any value is produced.
/// </summary>
internal sealed class TorchPickleHost(string source) : IPickleHost
{
    private static readonly Dictionary<string, DType> StorageTypes = new()
    {
        ["FloatStorage"] = DType.F32,
        ["DoubleStorage"] = DType.F64,
        ["HalfStorage"] = DType.F16,
        ["BFloat16Storage"] = DType.BF16,
        ["LongStorage"] = DType.I64,
        ["IntStorage"] = DType.I32,
        ["ShortStorage"] = DType.I16,
        ["CharStorage"] = DType.I8,
        ["ByteStorage"] = DType.U8,
        ["BoolStorage"] = DType.Bool,
    };

    private static readonly HashSet<string> Functions =
    [
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        "torch.device",
    ];

    private readonly Dictionary<string, (DType DType, long ElementCount)> _storages = new(StringComparer.Ordinal);

    /// <summary>Every storage the pickle referred to: key → dtype and element count of the whole storage.</summary>
    public IReadOnlyDictionary<string, (DType DType, long ElementCount)> Storages => _storages;

    public PyGlobal ResolveGlobal(string module, string name)
    {
        string qualified = $"{module}.{name}";
        if (Functions.Contains(qualified) || (module == "torch" && StorageTypes.ContainsKey(name)))
            return new PyGlobal(module, name);
        throw Invalid($"the pickle references the global '{qualified}', which is not allowed in a state_dict " +
                      "(only collections.OrderedDict, torch._utils._rebuild_* and torch.*Storage are)");
    }

    public object? Call(PyGlobal callable, object?[] arguments) => callable.ToString() switch
    {
        "collections.OrderedDict" => NewOrderedDict(arguments),
        "torch._utils._rebuild_tensor_v2" or "torch._utils._rebuild_tensor" => RebuildTensor(arguments),
        "torch._utils._rebuild_parameter" or "torch._utils._rebuild_parameter_with_state" =>
            arguments.Length >= 1 && arguments[0] is PickledTensor data ? data : throw Invalid("_rebuild_parameter without a tensor"),
        "torch.device" => arguments.Length >= 1 ? string.Join(":", arguments) : throw Invalid("torch.device without a type"),
        _ => throw Invalid($"'{callable}' cannot be called"),
    };

    public object? PersistentLoad(object? persistentId)
    {
        if (persistentId is not object?[] id || id.Length < 5 || id[0] is not string kind)
            throw Invalid("unrecognised persistent id (expected ('storage', type, key, location, size, ...))");
        if (kind == "module")
            throw Invalid("the file holds a pickled nn.Module, not a state_dict; save net.state_dict() instead");
        if (kind != "storage" || id[1] is not PyGlobal { Module: "torch" } storageType
            || !StorageTypes.TryGetValue(storageType.Name, out var dtype) || id[2] is not string key || id[4] is not long count)
            throw Invalid($"unrecognised storage persistent id ('{kind}', ...)");
        Register(key, dtype, count);

        if (id.Length > 5 && id[5] is object?[] { Length: 3 } view)
        {
            if (view[0] is not string || view[1] is not long viewOffset || view[2] is not long viewCount)
                throw Invalid($"storage '{key}' has malformed view metadata");
            if (viewOffset < 0 || viewCount < 0 || viewOffset + viewCount > count)
                throw Invalid($"storage view [{viewOffset}, {viewOffset + viewCount}) lies outside storage '{key}' of {count} elements");
            return new StorageRef(key, dtype, viewCount, viewOffset);
        }
        return new StorageRef(key, dtype, count, 0);
    }

    private void Register(string key, DType dtype, long count)
    {
        if (count < 0)
            throw Invalid($"storage '{key}' has a negative size");
        if (_storages.TryGetValue(key, out var known) && known != (dtype, count))
            throw Invalid($"storage '{key}' is referenced as {known.DType}[{known.ElementCount}] and as {dtype}[{count}]");
        _storages[key] = (dtype, count);
    }

    private PyDict NewOrderedDict(object?[] arguments)
    {
        var dict = new PyDict();
        if (arguments.Length == 1 && arguments[0] is List<object?> pairs)
        {
            foreach (var pair in pairs)
            {
                if (pair is not IList<object?> { Count: 2 } items || items[0] is null)
                    throw Invalid("OrderedDict built from something other than key/value pairs");
                dict.Items[items[0]!] = items[1];
            }
        }
        else if (arguments.Length != 0)
        {
            throw Invalid("OrderedDict called with unexpected arguments");
        }
        return dict;
    }

    private PickledTensor RebuildTensor(object?[] arguments)
    {
        if (arguments.Length < 4 || arguments[0] is not StorageRef storage || arguments[1] is not long offset
            || ToLongs(arguments[2]) is not { } shape || ToLongs(arguments[3]) is not { } stride)
            throw Invalid("_rebuild_tensor_v2 expects (storage, storage_offset, size, stride, ...)");
        if (shape.Length != stride.Length)
            throw Invalid($"tensor size has {shape.Length} dimensions but its stride {stride.Length}");
        return new PickledTensor(storage, offset, shape, stride);
    }

    private static long[]? ToLongs(object? value)
    {
        if (value is not object?[] tuple)
            return value is long single ? [single] : null;
        var result = new long[tuple.Length];
        for (int i = 0; i < tuple.Length; i++)
        {
            if (tuple[i] is not long item)
                return null;
            result[i] = item;
        }
        return result;
    }

    private InvalidDataException Invalid(string message) => new($"{source}: {message}");
}
