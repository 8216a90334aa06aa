using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// The official PatchGAN discriminator: n_layers stride-2 4×4 convolutions (channels doubling up to ndf×8),
/// one stride-1 layer, and a 1-channel stride-1 output; receptive field 70 for n_layers = 3.
/// </summary>
public sealed class NLayerDiscriminator : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "model")] private readonly Sequential _model;

    public NLayerDiscriminator(DiscriminatorOptions o) : base(nameof(NLayerDiscriminator))
    {
        TorchRuntime.EnsureCorrectConvolutions();
        if (o.NLayers < 1) throw new ArgumentOutOfRangeException(nameof(o), o.NLayers, "n_layers_D must be ≥ 1");
        Options = o;
        var useBias = NormLayers.UseBias(o.Norm);
        long ndf = o.Ndf;
        var layers = new List<nn.Module<Tensor, Tensor>> { nn.Conv2d(o.InputNc, ndf, 4, stride: 2, padding: 1), nn.LeakyReLU(0.2) };
        long mult = 1, prev;
        for (var n = 1; n < o.NLayers; n++)
        {
            (prev, mult) = (mult, Math.Min(1L << n, 8));
            layers.AddRange([nn.Conv2d(ndf * prev, ndf * mult, 4, stride: 2, padding: 1, bias: useBias), NormLayers.Create(o.Norm, ndf * mult), nn.LeakyReLU(0.2)]);
        }
        (prev, mult) = (mult, Math.Min(1L << o.NLayers, 8));
        layers.AddRange([nn.Conv2d(ndf * prev, ndf * mult, 4, stride: 1, padding: 1, bias: useBias), NormLayers.Create(o.Norm, ndf * mult), nn.LeakyReLU(0.2)]);
        layers.Add(nn.Conv2d(ndf * mult, 1, 4, stride: 1, padding: 1));
        _model = nn.Sequential([.. layers]);
        RegisterComponents();
    }

    public DiscriminatorOptions Options { get; }

    /// <summary>Receptive field of one output patch: 16, 34, 70, 142, 286, 574 for n_layers 1…6.</summary>
    public int ReceptiveField
    {
        get
        {
            var rf = 1 + 3 + 3; // the two stride-1 4×4 layers at the end
            for (var n = 0; n < Options.NLayers; n++) rf = rf * 2 + 2;
            return rf;
        }
    }

    public override Tensor forward(Tensor x) => _model.forward(x);
}

/// <summary>The official 1×1 PixelGAN discriminator.</summary>
public sealed class PixelDiscriminator : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "net")] private readonly Sequential _net;

    public PixelDiscriminator(DiscriminatorOptions o) : base(nameof(PixelDiscriminator))
    {
        TorchRuntime.EnsureCorrectConvolutions();
        Options = o;
        var useBias = NormLayers.UseBias(o.Norm);
        long ndf = o.Ndf;
        _net = nn.Sequential(
            nn.Conv2d(o.InputNc, ndf, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(ndf, ndf * 2, 1, bias: useBias), NormLayers.Create(o.Norm, ndf * 2), nn.LeakyReLU(0.2),
            nn.Conv2d(ndf * 2, 1, 1, bias: useBias));
        RegisterComponents();
    }

    public DiscriminatorOptions Options { get; }

    public override Tensor forward(Tensor x) => _net.forward(x);
}
