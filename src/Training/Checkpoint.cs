using System.Text.Json;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;
using Pix2Pix.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>Where a run stands: the last finished epoch, iterations done, and the random state to continue from.</summary>
public sealed record TrainingState
{
    /// <summary>The epoch being trained (or, with <see cref="EpochIter"/> 0 and <see cref="EpochDone"/>, just finished).</summary>
    public int Epoch { get; init; }
    /// <summary>Batches of <see cref="Epoch"/> already trained.</summary>
    public int EpochIter { get; init; }
    /// <summary>True once every batch of <see cref="Epoch"/> was trained.</summary>
    public bool EpochDone { get; init; }
    public long Iteration { get; init; }
    public long StepsG { get; init; }
    public long StepsD { get; init; }
    public double PlateauFactor { get; init; } = 1;
    public double PlateauBest { get; init; } = double.PositiveInfinity;
    public int PlateauBad { get; init; }
    public string TorchRngState { get; init; } = "";
}

/// <summary>
/// One self-contained training checkpoint in one safetensors file, written atomically: G and D weights
/// (<c>netG.*</c>, <c>netD.*</c>), both Adam optimizers' moments, and in the metadata the options JSON and
/// the <see cref="TrainingState"/>. Generator weights alone are read by <see cref="LoadGenerator"/>.
/// </summary>
public static class Checkpoint
{
    public const string Format = "pix2pix-dotnet/1";

    public static void Save(string path, TrainOptions options, Pix2PixModel model, TrainingState state)
    {
        var tensors = new List<NamedTensor>();
        tensors.AddRange(Prefixed("netG.", StateDict.Export(model.NetG)));
        tensors.AddRange(Prefixed("netD.", StateDict.Export(model.NetD)));
        tensors.AddRange(OptimizerTensors("optG.", model.NetG, model.OptimizerG));
        tensors.AddRange(OptimizerTensors("optD.", model.NetD, model.OptimizerD));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["options"] = OptionsJson.Serialize(options),
            ["state"] = JsonSerializer.Serialize(state with { StepsG = model.OptimizerG.StepCount, StepsD = model.OptimizerD.StepCount }, StateJson),
            ["netG"] = options.G.NetG.Name,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>Reads a checkpoint's options from its header, without reading its tensors.</summary>
    /// <exception cref="InvalidDataException">The file is not a pix2pix training checkpoint.</exception>
    public static TrainOptions ReadOptions(string path) =>
        TryReadOptions(path) ?? throw new InvalidDataException($"{path} is not a pix2pix training checkpoint (no '{Format}' header)");

    /// <summary>The options of a training checkpoint, from its header; null for bare weights (safetensors without our header, .pth, .dat).</summary>
    public static TrainOptions? TryReadOptions(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) return null;
        var metadata = SafeTensors.ReadMetadata(path);
        return metadata.TryGetValue("format", out var f) && f == Format && metadata.TryGetValue("options", out var options)
            ? OptionsJson.Deserialize<TrainOptions>(options)
            : null;
    }

    /// <summary>Restores weights, optimizer moments and step counts into <paramref name="model"/>; returns the saved state.</summary>
    public static TrainingState Restore(string path, Pix2PixModel model)
    {
        var (tensors, metadata) = LoadChecked(path);
        var byPrefix = tensors.ToLookup(t => t.Name[..(t.Name.IndexOf('.') + 1)]);
        StateDict.Load(model.NetG, Unprefixed("netG.", byPrefix["netG."]), strict: true, source: path);
        StateDict.Load(model.NetD, Unprefixed("netD.", byPrefix["netD."]), strict: true, source: path);
        var state = JsonSerializer.Deserialize<TrainingState>(metadata["state"], StateJson)!;
        RestoreOptimizer(path, byPrefix["optG."], "optG.", model.NetG, model.OptimizerG, state.StepsG);
        RestoreOptimizer(path, byPrefix["optD."], "optD.", model.NetD, model.OptimizerD, state.StepsD);
        return state;
    }

    /// <summary>
    /// Builds the generator stored in a training checkpoint (options from its metadata), or, for a bare
    /// state_dict (.safetensors or official .pth), the generator described by <paramref name="fallback"/>.
    /// </summary>
    public static (GeneratorOptions Options, nn.Module<Tensor, Tensor> NetG) LoadGenerator(string path, GeneratorOptions? fallback = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            var (tensors, metadata) = SafeTensors.Load(path);
            if (metadata.TryGetValue("format", out var f) && f == Format)
            {
                var g = OptionsJson.Deserialize<TrainOptions>(metadata["options"]).G;
                var net = NetworkFactory.CreateGenerator(g);
                StateDict.Load(net, Unprefixed("netG.", tensors.Where(t => t.Name.StartsWith("netG.", StringComparison.Ordinal))), true, path);
                return (g, net);
            }
        }
        var options = fallback ?? new GeneratorOptions();
        var bare = NetworkFactory.CreateGenerator(options);
        StateDict.LoadFile(bare, path);
        return (options, bare);
    }

    private static (IReadOnlyList<NamedTensor> Tensors, IReadOnlyDictionary<string, string> Metadata) LoadChecked(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint not found: {path}", path);
        var (tensors, metadata) = SafeTensors.Load(path);
        if (!metadata.TryGetValue("format", out var f) || f != Format)
            throw new InvalidDataException($"{path} is not a pix2pix training checkpoint (format '{f ?? "missing"}', expected '{Format}')");
        return (tensors, metadata);
    }

    private static IEnumerable<NamedTensor> OptimizerTensors(string prefix, nn.Module net, Optim.Adam adam)
    {
        var names = net.named_parameters().Select(p => p.name).ToList();
        var state = adam.State;
        for (var i = 0; i < names.Count; i++)
        {
            yield return NamedTensor.FromFloat32($"{prefix}exp_avg.{names[i]}", state[i].ExpAvg.shape, state[i].ExpAvg.ToHostFloats());
            yield return NamedTensor.FromFloat32($"{prefix}exp_avg_sq.{names[i]}", state[i].ExpAvgSq.shape, state[i].ExpAvgSq.ToHostFloats());
        }
    }

    private static void RestoreOptimizer(string path, IEnumerable<NamedTensor> saved, string prefix, nn.Module net, Optim.Adam adam, long steps)
    {
        var byName = saved.ToDictionary(t => t.Name);
        var names = net.named_parameters().Select(p => p.name).ToList();
        var state = adam.State;
        using var _ = no_grad();
        for (var i = 0; i < names.Count; i++)
        {
            Copy(path, byName, $"{prefix}exp_avg.{names[i]}", state[i].ExpAvg);
            Copy(path, byName, $"{prefix}exp_avg_sq.{names[i]}", state[i].ExpAvgSq);
        }
        adam.StepCount = steps;
    }

    private static void Copy(string path, Dictionary<string, NamedTensor> byName, string key, Tensor target)
    {
        if (!byName.TryGetValue(key, out var t)) throw new InvalidDataException($"{path}: optimizer state '{key}' is missing");
        using var host = tensor(t.ToFloat32(), t.Shape);
        target.copy_(host);
    }

    private static IEnumerable<NamedTensor> Prefixed(string prefix, IEnumerable<NamedTensor> tensors) =>
        tensors.Select(t => t.WithName(prefix + t.Name));

    private static IEnumerable<NamedTensor> Unprefixed(string prefix, IEnumerable<NamedTensor> tensors) =>
        tensors.Select(t => t.WithName(t.Name[prefix.Length..]));

    private static readonly JsonSerializerOptions StateJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
