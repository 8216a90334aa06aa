using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// The official pix2pix iteration as a TorchSharp user writes it from the PyTorch code: unet_256 and the 70×70 PatchGAN
/// from plain <c>nn.Conv2d</c> / <c>nn.ConvTranspose2d</c> / <c>nn.BatchNorm2d</c>, <c>torch.optim.Adam</c>,
/// <c>zero_grad()</c>, BCE-with-logits + 100·L1. It shares no code with our trainer, so it also runs with whatever
/// libtorch does by default (oneDNN convolutions included).
/// </summary>
internal sealed class StockTorchSharpStep : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _netG = Unet(8, 64);
    private readonly Sequential _netD = PatchGan(64);
    private readonly optim.Optimizer _optG, _optD;

    public StockTorchSharpStep()
    {
        _optG = optim.Adam(_netG.parameters(), 2e-4, 0.5, 0.999);
        _optD = optim.Adam(_netD.parameters(), 2e-4, 0.5, 0.999);
    }

    public void Step(Tensor realA, Tensor realB)
    {
        using var scope = NewDisposeScope();
        var fakeB = _netG.forward(realA);
        foreach (var p in _netD.parameters()) p.requires_grad = true;
        _optD.zero_grad();
        var predFake = _netD.forward(cat([realA, fakeB.detach()], 1));
        var predReal = _netD.forward(cat([realA, realB], 1));
        var lossD = (F.binary_cross_entropy_with_logits(predFake, zeros_like(predFake)) + F.binary_cross_entropy_with_logits(predReal, ones_like(predReal))) * 0.5;
        lossD.backward();
        _optD.step();
        foreach (var p in _netD.parameters()) p.requires_grad = false;
        _optG.zero_grad();
        var predG = _netD.forward(cat([realA, fakeB], 1));
        var lossG = F.binary_cross_entropy_with_logits(predG, ones_like(predG)) + F.l1_loss(fakeB, realB) * 100.0;
        lossG.backward();
        _optG.step();
    }

    public void Dispose()
    {
        _netG.Dispose();
        _netD.Dispose();
    }

    private static nn.Module<Tensor, Tensor> Unet(int numDowns, long ngf)
    {
        var block = new Skip(ngf * 8, ngf * 8, ngf * 8, null, innermost: true);
        for (var i = 0; i < numDowns - 5; i++) block = new Skip(ngf * 8, ngf * 8, ngf * 8, block, dropout: true);
        foreach (var mult in new long[] { 4, 2, 1 }) block = new Skip(ngf * mult, ngf * mult * 2, ngf * mult, block);
        return new Skip(3, ngf, 3, block, outermost: true);
    }

    private static Sequential PatchGan(long ndf) => nn.Sequential(
        nn.Conv2d(6, ndf, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf, ndf * 2, 4, 2, 1, bias: false), nn.BatchNorm2d(ndf * 2), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf * 2, ndf * 4, 4, 2, 1, bias: false), nn.BatchNorm2d(ndf * 4), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf * 4, ndf * 8, 4, 1, 1, bias: false), nn.BatchNorm2d(ndf * 8), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf * 8, 1, 4, 1, 1));

    private sealed class Skip : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential model;
        private readonly bool _outermost;

        public Skip(long outer, long inner, long inCh, Skip? sub, bool outermost = false, bool innermost = false, bool dropout = false) : base("Skip")
        {
            _outermost = outermost;
            var down = nn.Conv2d(inCh, inner, 4, 2, 1, bias: false);
            model = outermost
                ? nn.Sequential(down, sub!, nn.ReLU(), nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1), nn.Tanh())
                : innermost
                    ? nn.Sequential(nn.LeakyReLU(0.2), down, nn.ReLU(), nn.ConvTranspose2d(inner, outer, 4, 2, 1, bias: false), nn.BatchNorm2d(outer))
                    : nn.Sequential(nn.LeakyReLU(0.2), down, nn.BatchNorm2d(inner), sub!, nn.ReLU(),
                                    nn.ConvTranspose2d(inner * 2, outer, 4, 2, 1, bias: false), nn.BatchNorm2d(outer));
            if (dropout) model.append(nn.Dropout(0.5));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => _outermost ? model.forward(x) : cat([x, model.forward(x)], 1);
    }
}
