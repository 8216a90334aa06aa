using Pix2Pix.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// Moves a module's parameters and buffers to and from named arrays and files: safetensors, PyTorch <c>.pth</c>
/// state_dicts and TorchSharp's own <c>.dat</c> (<c>Module.save</c> / <c>Module.load</c>). Keys are PyTorch's.
/// </summary>
public static class StateDict
{
    /// <summary>Copies every parameter and buffer to host memory, keyed as PyTorch's <c>state_dict()</c>.</summary>
    public static IReadOnlyList<NamedTensor> Export(nn.Module module)
    {
        var result = new List<NamedTensor>();
        foreach (var (name, t) in module.state_dict())
        {
            using var host = t.detach().cpu();
            result.Add(host.dtype switch
            {
                ScalarType.Int64 => NamedTensor.FromInt64(name, host.shape, host.data<long>().ToArray()),
                ScalarType.Float64 => NamedTensor.FromFloat64(name, host.shape, host.data<double>().ToArray()),
                ScalarType.Float32 => NamedTensor.FromFloat32(name, host.shape, host.ToHostFloats()),
                var other => throw new NotSupportedException($"'{name}' is {other}; only float32, float64 and int64 state is exported"),
            });
        }
        return result;
    }

    /// <summary>
    /// Copies <paramref name="tensors"/> into the module by key. With <paramref name="strict"/>, every key must
    /// match in both directions; shapes must always match. A DataParallel <c>module.</c> prefix is accepted.
    /// </summary>
    public static void Load(nn.Module module, IEnumerable<NamedTensor> tensors, bool strict = true, string source = "weights")
    {
        var incoming = new Dictionary<string, NamedTensor>(StringComparer.Ordinal);
        foreach (var t in tensors)
            incoming[t.Name.StartsWith("module.", StringComparison.Ordinal) ? t.Name["module.".Length..] : t.Name] = t;
        var targets = module.state_dict().ToList();
        var missing = targets.Select(t => t.Key).Where(n => !incoming.ContainsKey(n) && !n.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        var unexpected = incoming.Keys.Except(targets.Select(t => t.Key)).Where(k => !IsStaleInstanceNormStatistic(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new InvalidDataException(
                $"{source} do not fit this network: " +
                (missing.Count > 0 ? $"missing {missing.Count} key(s) (first: {string.Join(", ", missing.Take(3))}) " : "") +
                (unexpected.Count > 0 ? $"unexpected {unexpected.Count} key(s) (first: {string.Join(", ", unexpected.Take(3))})" : "") +
                ". Check netG/netD, ngf/ndf, norm, input_nc/output_nc and no_dropout.");
        using var _ = no_grad();
        foreach (var (name, target) in targets)
        {
            if (!incoming.TryGetValue(name, out var src)) continue;
            if (!src.Shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"{source}: '{name}' has shape [{string.Join(", ", src.Shape)}] but the network expects [{string.Join(", ", target.shape)}]");
            using var host = target.dtype == ScalarType.Int64 ? tensor(src.ToInt64(), src.Shape) : tensor(src.ToFloat32(), src.Shape);
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

    /// <summary>
    /// Writes the module's weights atomically: TorchSharp's format for a <c>.dat</c> path (what <c>Module.load</c>
    /// reads), safetensors otherwise.
    /// </summary>
    public static void Save(nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!IsTorchSharp(path))
        {
            SafeTensors.Save(path, Export(module), metadata);
            return;
        }
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            module.save(writer);
        });
    }

    /// <summary>Loads weights from a <c>.safetensors</c> file, a PyTorch <c>.pth</c>/<c>.pt</c> state_dict or a TorchSharp <c>.dat</c> file.</summary>
    public static void LoadFile(nn.Module module, string path, bool strict = true)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weights file not found: {path}", path);
        var tensors = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? SafeTensors.Load(path).Tensors
                    : IsTorchSharp(path) ? TorchSharpWeights.Read(path)
                    : PyTorchStateDict.Load(path);
        Load(module, tensors, strict, path);
    }

    private static bool IsTorchSharp(string path) => path.EndsWith(".dat", StringComparison.OrdinalIgnoreCase);
}
