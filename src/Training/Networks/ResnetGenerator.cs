using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// The official ResNet generator: reflection-padded 7×7 stem, two stride-2 downsamplings, residual blocks,
/// two transposed-conv upsamplings, 7×7 head with Tanh.
/// </summary>
public sealed class ResnetGenerator : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "model")] private readonly Sequential _model;

    public ResnetGenerator(GeneratorOptions o) : base(nameof(ResnetGenerator))
    {
        TorchRuntime.EnsureCorrectConvolutions();
        if (o.NetG.IsUnet) throw new ArgumentException($"{o.NetG} is not a ResNet generator", nameof(o));
        Options = o;
        var useBias = NormLayers.UseBias(o.Norm);
        long ngf = o.Ngf;
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.ReflectionPad2d(3), nn.Conv2d(o.InputNc, ngf, 7, bias: useBias), NormLayers.Create(o.Norm, ngf), nn.ReLU(),
        };
        for (var i = 0; i < 2; i++)
        {
            var mult = 1L << i;
            layers.AddRange([nn.Conv2d(ngf * mult, ngf * mult * 2, 3, stride: 2, padding: 1, bias: useBias), NormLayers.Create(o.Norm, ngf * mult * 2), nn.ReLU()]);
        }
        for (var i = 0; i < o.NetG.Depth; i++)
            layers.Add(new ResnetBlock(ngf * 4, o.Norm, o.UseDropout, useBias));
        for (var i = 0; i < 2; i++)
        {
            var mult = 1L << (2 - i);
            layers.AddRange([nn.ConvTranspose2d(ngf * mult, ngf * mult / 2, 3, stride: 2, padding: 1, output_padding: 1, bias: useBias),
                             NormLayers.Create(o.Norm, ngf * mult / 2), nn.ReLU()]);
        }
        layers.AddRange([nn.ReflectionPad2d(3), nn.Conv2d(ngf, o.OutputNc, 7), nn.Tanh()]);
        _model = nn.Sequential([.. layers]);
        RegisterComponents();
    }

    public GeneratorOptions Options { get; }

    public override Tensor forward(Tensor x) => _model.forward(x);
}

/// <summary>x + conv_block(x), with reflection padding and optional Dropout(0.5) between the two 3×3 convolutions.</summary>
public sealed class ResnetBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv_block")] private readonly Sequential _convBlock;

    public ResnetBlock(long dim, NormKind norm, bool useDropout, bool useBias) : base(nameof(ResnetBlock))
    {
        var layers = new List<nn.Module<Tensor, Tensor>> { nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias: useBias), NormLayers.Create(norm, dim), nn.ReLU() };
        if (useDropout) layers.Add(nn.Dropout(0.5));
        layers.AddRange([nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, 3, bias: useBias), NormLayers.Create(norm, dim)]);
        _convBlock = nn.Sequential([.. layers]);
        RegisterComponents();
    }

    /// <summary>The block's layers in the official order.</summary>
    public Sequential Layers => _convBlock;

    public override Tensor forward(Tensor x)
    {
        using var residual = _convBlock.forward(x);
        return x + residual;
    }
}
