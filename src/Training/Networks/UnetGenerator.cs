using Pix2Pix.Torch;
using Pix2Pix.Training.Nn;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// The official U-Net generator: <c>num_downs</c> stride-2 encoder blocks down to 1×1 and mirrored decoder
/// blocks with skip connections; Dropout(0.5) in the <c>num_downs − 5</c> middle ngf×8 decoder blocks.
/// </summary>
public sealed class UnetGenerator : Module
{
    private readonly UnetSkipBlock _model;

    public UnetGenerator(GeneratorOptions o)
    {
        if (!o.NetG.IsUnet) throw new ArgumentException($"{o.NetG} is not a U-Net", nameof(o));
        Options = o;
        long ngf = o.Ngf;
        var block = new UnetSkipBlock(ngf * 8, ngf * 8, ngf * 8, null, o.Norm, UnetSkipBlock.Position.Innermost, false);
        for (var i = 0; i < o.NetG.Depth - 5; i++)
            block = new UnetSkipBlock(ngf * 8, ngf * 8, ngf * 8, block, o.Norm, UnetSkipBlock.Position.Middle, o.UseDropout);
        block = new UnetSkipBlock(ngf * 4, ngf * 8, ngf * 4, block, o.Norm, UnetSkipBlock.Position.Middle, false);
        block = new UnetSkipBlock(ngf * 2, ngf * 4, ngf * 2, block, o.Norm, UnetSkipBlock.Position.Middle, false);
        block = new UnetSkipBlock(ngf, ngf * 2, ngf, block, o.Norm, UnetSkipBlock.Position.Middle, false);
        _model = RegisterModule("model", new UnetSkipBlock(o.OutputNc, ngf, o.InputNc, block, o.Norm, UnetSkipBlock.Position.Outermost, false));
    }

    public GeneratorOptions Options { get; }

    public override Tensor forward(Tensor x) => _model.forward(x);
}

/// <summary>One encoder/decoder level of the U-Net; its <c>model</c> is a Sequential laid out as in the official code.</summary>
public sealed class UnetSkipBlock : Module
{
    public enum Position { Outermost, Middle, Innermost }

    private readonly Sequential _model;
    private readonly bool _outermost;

    public UnetSkipBlock(long outerNc, long innerNc, long inputNc, UnetSkipBlock? submodule, NormKind norm, Position position, bool useDropout)
    {
        var useBias = NormLayers.UseBias(norm);
        _outermost = position == Position.Outermost;
        var downconv = new Conv2d(inputNc, innerNc, 4, 2, 1, useBias);
        Module[] layers = position switch
        {
            Position.Outermost =>
                [downconv, submodule!, new ReLU(), new ConvTranspose2d(innerNc * 2, outerNc, 4, 2, 1), new Tanh()],
            Position.Innermost =>
                [new LeakyReLU(0.2), downconv, new ReLU(), new ConvTranspose2d(innerNc, outerNc, 4, 2, 1, bias: useBias), NormLayers.Create(norm, outerNc)],
            _ => useDropout
                ? [new LeakyReLU(0.2), downconv, NormLayers.Create(norm, innerNc), submodule!, new ReLU(),
                   new ConvTranspose2d(innerNc * 2, outerNc, 4, 2, 1, bias: useBias), NormLayers.Create(norm, outerNc), new Dropout(0.5)]
                : [new LeakyReLU(0.2), downconv, NormLayers.Create(norm, innerNc), submodule!, new ReLU(),
                   new ConvTranspose2d(innerNc * 2, outerNc, 4, 2, 1, bias: useBias), NormLayers.Create(norm, outerNc)],
        };
        _model = RegisterModule("model", new Sequential(layers));
    }

    /// <summary>True for the outermost block, whose output is not concatenated with its input.</summary>
    public bool IsOutermost => _outermost;

    public override Tensor forward(Tensor x)
    {
        if (_outermost) return _model.forward(x);
        using var inner = _model.forward(x);
        return torch.cat([x, inner], 1);
    }
}
