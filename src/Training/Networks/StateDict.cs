using Pix2Pix.Torch;
using Pix2Pix.Training.Nn;
using Pix2Pix.Weights;

namespace Pix2Pix.Training.Networks;

/// <summary>Moves a module's parameters and buffers to and from named arrays, safetensors files and PyTorch .pth files.</summary>
public static class StateDict
{
    /// <summary>Copies every parameter and buffer to host memory, keyed as PyTorch's <c>state_dict()</c>.</summary>
    public static IReadOnlyList<NamedTensor> Export(Module module)
    {
        var result = new List<NamedTensor>();
        foreach (var (name, t) in module.state_dict())
        {
            result.Add(t.dtype switch
            {
                ScalarType.Int64 => NamedTensor.FromInt64(name, t.shape, t.data_long()),
                ScalarType.Float64 => NamedTensor.FromFloat64(name, t.shape, t.data_double()),
                _ => NamedTensor.FromFloat32(name, t.shape, t.data_float()),
            });
        }
        return result;
    }

    /// <summary>
    /// Copies <paramref name="tensors"/> into the module by key. With <paramref name="strict"/>, every key must
    /// match in both directions; shapes must always match. A DataParallel <c>module.</c> prefix is accepted.
    /// </summary>
    public static void Load(Module module, IEnumerable<NamedTensor> tensors, bool strict = true, string source = "weights")
    {
        var incoming = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var t in tensors)
            incoming[t.Name.StartsWith("module.", StringComparison.Ordinal) ? t.Name["module.".Length..] : t.Name] = t;
        var targets = module.state_dict().ToList();
        var missing = targets.Select(t => t.Name).Where(n => !incoming.ContainsKey(n) && !n.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        var unexpected = incoming.Keys.Except(targets.Select(t => t.Name)).Where(k => !IsStaleInstanceNormStatistic(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new InvalidDataException(
                $"{source} do not fit this network: " +
                (missing.Count > 0 ? $"missing {missing.Count} key(s) (first: {string.Join(", ", missing.Take(3))}) " : "") +
                (unexpected.Count > 0 ? $"unexpected {unexpected.Count} key(s) (first: {string.Join(", ", unexpected.Take(3))})" : "") +
                ". Check netG/netD, ngf/ndf, norm, input_nc/output_nc and no_dropout.");
        foreach (var (name, target) in targets)
        {
            if (!incoming.TryGetValue(name, out var src)) continue;
            if (!src.Shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"{source}: '{name}' has shape [{string.Join(", ", src.Shape)}] but the network expects [{string.Join(", ", target.shape)}]");
            using var _ = torch.no_grad();
            using var host = target.dtype == ScalarType.Int64
                ? torch.tensor(src.ToInt64(), src.Shape)
                : torch.tensor(src.ToFloat32(), src.Shape);
            target.copy_(host);
        }
    }

    /// <summary>
    /// Checkpoints from PyTorch before 0.4 stored running statistics for InstanceNorm layers, which the
    /// official loader drops; a running-statistics key that matches no layer of ours is dropped the same way.
    /// </summary>
    private static bool IsStaleInstanceNormStatistic(string key) =>
        key.EndsWith(".running_mean", StringComparison.Ordinal) || key.EndsWith(".running_var", StringComparison.Ordinal)
        || key.EndsWith(".num_batches_tracked", StringComparison.Ordinal);

    /// <summary>Writes the module's weights as safetensors, atomically.</summary>
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafeTensors.Save(path, Export(module), metadata);

    /// <summary>Loads weights from a <c>.safetensors</c> file or a PyTorch <c>.pth</c>/<c>.pt</c> state_dict.</summary>
    public static void LoadFile(Module module, string path, bool strict = true)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weights file not found: {path}", path);
        var tensors = IsSafetensors(path) ? SafeTensors.Load(path).Tensors : PyTorchStateDict.Load(path);
        Load(module, tensors, strict, path);
    }

    private static bool IsSafetensors(string path) =>
        path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);
}
