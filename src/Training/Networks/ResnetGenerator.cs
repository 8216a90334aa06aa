using Pix2Pix.Torch;
using Pix2Pix.Training.Nn;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// The official ResNet generator: reflection-padded 7×7 stem, two stride-2 downsamplings, residual blocks,
/// two transposed-conv upsamplings, 7×7 head with Tanh.
/// </summary>
public sealed class ResnetGenerator : Module
{
    private readonly Sequential _model;

    public ResnetGenerator(GeneratorOptions o)
    {
        if (o.NetG.IsUnet) throw new ArgumentException($"{o.NetG} is not a ResNet generator", nameof(o));
        Options = o;
        var useBias = NormLayers.UseBias(o.Norm);
        long ngf = o.Ngf;
        var layers = new List<Module>
        {
            new ReflectionPad2d(3), new Conv2d(o.InputNc, ngf, 7, bias: useBias), NormLayers.Create(o.Norm, ngf), new ReLU(),
        };
        for (var i = 0; i < 2; i++)
        {
            var mult = 1L << i;
            layers.AddRange([new Conv2d(ngf * mult, ngf * mult * 2, 3, 2, 1, useBias), NormLayers.Create(o.Norm, ngf * mult * 2), new ReLU()]);
        }
        for (var i = 0; i < o.NetG.Depth; i++)
            layers.Add(new ResnetBlock(ngf * 4, o.Norm, o.UseDropout, useBias));
        for (var i = 0; i < 2; i++)
        {
            var mult = 1L << (2 - i);
            layers.AddRange([new ConvTranspose2d(ngf * mult, ngf * mult / 2, 3, 2, 1, 1, useBias), NormLayers.Create(o.Norm, ngf * mult / 2), new ReLU()]);
        }
        layers.AddRange([new ReflectionPad2d(3), new Conv2d(ngf, o.OutputNc, 7), new Tanh()]);
        _model = RegisterModule("model", new Sequential([.. layers]));
    }

    public GeneratorOptions Options { get; }

    public override Tensor forward(Tensor x) => _model.forward(x);
}

/// <summary>x + conv_block(x), with reflection padding and optional Dropout(0.5) between the two 3×3 convolutions.</summary>
public sealed class ResnetBlock : Module
{
    private readonly Sequential _convBlock;

    public ResnetBlock(long dim, NormKind norm, bool useDropout, bool useBias)
    {
        var layers = new List<Module> { new ReflectionPad2d(1), new Conv2d(dim, dim, 3, bias: useBias), NormLayers.Create(norm, dim), new ReLU() };
        if (useDropout) layers.Add(new Dropout(0.5));
        layers.AddRange([new ReflectionPad2d(1), new Conv2d(dim, dim, 3, bias: useBias), NormLayers.Create(norm, dim)]);
        _convBlock = RegisterModule("conv_block", new Sequential([.. layers]));
    }

    public override Tensor forward(Tensor x)
    {
        using var residual = _convBlock.forward(x);
        return x + residual;
    }
}
