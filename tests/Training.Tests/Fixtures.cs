using System.Text.Json;
using Pix2Pix.Training.Networks;
using Pix2Pix.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Tests;

/// <summary>The committed PyTorch parity fixtures (scripts/make_parity_fixtures.py).</summary>
internal sealed class ParityFixture
{
    private readonly Dictionary<string, NamedTensor> _tensors;

    private ParityFixture(string name)
    {
        Name = name;
        var loaded = SafeTensors.Load(Path.Combine(Dir, name + "_io.safetensors"));
        _tensors = loaded.Tensors.ToDictionary(t => t.Name);
        Options = JsonDocument.Parse(loaded.Metadata["model"]).RootElement.Clone();
    }

    public static string Dir { get; } = Path.Combine(RepoPaths.Root, "tests", "fixtures", "parity");

    public string Name { get; }
    public JsonElement Options { get; }
    public string PthPath => Path.Combine(Dir, Name + ".pth");
    public IEnumerable<string> Keys => _tensors.Keys;

    public static ParityFixture Load(string name) => new(name);

    public Tensor Tensor(string key) { var t = _tensors[key]; return tensor(t.ToFloat32(), t.Shape); }
    public float[] Values(string key) => _tensors[key].ToFloat32();
    public long[] Shape(string key) => _tensors[key].Shape;

    /// <summary>Builds the network the fixture describes and loads its .pth weights.</summary>
    public nn.Module<Tensor, Tensor> BuildNetwork(bool subPixelUpsampling = false)
    {
        var o = Options;
        var norm = Enum.Parse<NormKind>(o.GetProperty("norm").GetString()!);
        nn.Module<Tensor, Tensor> net = o.GetProperty("kind").GetString() switch
        {
            "unet" => new UnetGenerator(new GeneratorOptions
            {
                NetG = NetGKind.Unet(o.GetProperty("num_downs").GetInt32()), InputNc = o.GetProperty("input_nc").GetInt32(),
                OutputNc = o.GetProperty("output_nc").GetInt32(), Ngf = o.GetProperty("ngf").GetInt32(), Norm = norm,
                UseDropout = o.GetProperty("use_dropout").GetBoolean(),
            }, subPixelUpsampling),
            "resnet" => new ResnetGenerator(new GeneratorOptions
            {
                NetG = NetGKind.Resnet(o.GetProperty("n_blocks").GetInt32()), InputNc = o.GetProperty("input_nc").GetInt32(),
                OutputNc = o.GetProperty("output_nc").GetInt32(), Ngf = o.GetProperty("ngf").GetInt32(), Norm = norm,
                UseDropout = o.GetProperty("use_dropout").GetBoolean(),
            }),
            "nlayer" => new NLayerDiscriminator(new DiscriminatorOptions
            {
                NetD = NetDKind.n_layers, InputNc = o.GetProperty("input_nc").GetInt32(), Ndf = o.GetProperty("ndf").GetInt32(),
                NLayers = o.GetProperty("n_layers").GetInt32(), Norm = norm,
            }),
            "pixel" => new PixelDiscriminator(new DiscriminatorOptions
            {
                NetD = NetDKind.pixel, InputNc = o.GetProperty("input_nc").GetInt32(), Ndf = o.GetProperty("ndf").GetInt32(), Norm = norm,
            }),
            var k => throw new InvalidDataException($"unknown fixture kind {k}"),
        };
        StateDict.LoadFile(net, PthPath);
        return net;
    }

}
