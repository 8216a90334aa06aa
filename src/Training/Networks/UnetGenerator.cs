using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// The official U-Net generator: <c>num_downs</c> stride-2 encoder blocks down to 1×1 and mirrored decoder
/// blocks with skip connections; Dropout(0.5) in the <c>num_downs − 5</c> middle ngf×8 decoder blocks.
/// State-dict keys are the official ones (<c>model.model.1.model.3.weight</c>).
/// </summary>
public sealed class UnetGenerator : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "model")] private readonly UnetSkipBlock _model;

    /// <param name="o">Architecture.</param>
    /// <param name="subPixelUpsampling">Up-sampling layers of the CPU-friendly kind (<see cref="SubPixelConvTranspose2d"/>); same weights and results.</param>
    public UnetGenerator(GeneratorOptions o, bool subPixelUpsampling = false) : base(nameof(UnetGenerator))
    {
        TorchRuntime.EnsureCorrectConvolutions();
        if (!o.NetG.IsUnet) throw new ArgumentException($"{o.NetG} is not a U-Net", nameof(o));
        Options = o;
        long ngf = o.Ngf;
        var sub = subPixelUpsampling;
        var block = new UnetSkipBlock(ngf * 8, ngf * 8, ngf * 8, null, o.Norm, UnetSkipBlock.Position.Innermost, false, sub);
        for (var i = 0; i < o.NetG.Depth - 5; i++)
            block = new UnetSkipBlock(ngf * 8, ngf * 8, ngf * 8, block, o.Norm, UnetSkipBlock.Position.Middle, o.UseDropout, sub);
        block = new UnetSkipBlock(ngf * 4, ngf * 8, ngf * 4, block, o.Norm, UnetSkipBlock.Position.Middle, false, sub);
        block = new UnetSkipBlock(ngf * 2, ngf * 4, ngf * 2, block, o.Norm, UnetSkipBlock.Position.Middle, false, sub);
        block = new UnetSkipBlock(ngf, ngf * 2, ngf, block, o.Norm, UnetSkipBlock.Position.Middle, false, sub);
        _model = new UnetSkipBlock(o.OutputNc, ngf, o.InputNc, block, o.Norm, UnetSkipBlock.Position.Outermost, false, sub);
        RegisterComponents();
    }

    public GeneratorOptions Options { get; }

    public override Tensor forward(Tensor x) => _model.forward(x);
}

/// <summary>One encoder/decoder level of the U-Net; its <c>model</c> is a Sequential laid out as in the official code.</summary>
public sealed class UnetSkipBlock : nn.Module<Tensor, Tensor>
{
    public enum Position { Outermost, Middle, Innermost }

    [ComponentName(Name = "model")] private readonly Sequential _model;

    public UnetSkipBlock(long outerNc, long innerNc, long inputNc, UnetSkipBlock? submodule, NormKind norm, Position position,
                         bool useDropout, bool subPixelUpsampling = false) : base(nameof(UnetSkipBlock))
    {
        var useBias = NormLayers.UseBias(norm);
        IsOutermost = position == Position.Outermost;
        nn.Module<Tensor, Tensor> Up(long cin, bool bias) =>
            subPixelUpsampling ? new SubPixelConvTranspose2d(cin, outerNc, bias) : nn.ConvTranspose2d(cin, outerNc, 4, stride: 2, padding: 1, bias: bias);
        var downconv = nn.Conv2d(inputNc, innerNc, 4, stride: 2, padding: 1, bias: useBias);
        nn.Module<Tensor, Tensor>[] layers = position switch
        {
            Position.Outermost =>
                [downconv, submodule!, nn.ReLU(), Up(innerNc * 2, true), nn.Tanh()],
            Position.Innermost =>
                [nn.LeakyReLU(0.2), downconv, nn.ReLU(), Up(innerNc, useBias), NormLayers.Create(norm, outerNc)],
            _ => useDropout
                ? [nn.LeakyReLU(0.2), downconv, NormLayers.Create(norm, innerNc), submodule!, nn.ReLU(),
                   Up(innerNc * 2, useBias), NormLayers.Create(norm, outerNc), nn.Dropout(0.5)]
                : [nn.LeakyReLU(0.2), downconv, NormLayers.Create(norm, innerNc), submodule!, nn.ReLU(),
                   Up(innerNc * 2, useBias), NormLayers.Create(norm, outerNc)],
        };
        _model = nn.Sequential(layers);
        RegisterComponents();
    }

    /// <summary>True for the outermost block, whose output is not concatenated with its input.</summary>
    public bool IsOutermost { get; }

    /// <summary>The block's layers in the official order.</summary>
    public Sequential Layers => _model;

    public override Tensor forward(Tensor x)
    {
        if (IsOutermost) return _model.forward(x);
        using var inner = _model.forward(x);
        return cat([x, inner], 1);
    }
}
