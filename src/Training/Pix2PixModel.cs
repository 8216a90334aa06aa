using Pix2Pix.Torch;
using Pix2Pix.Training.Nn;
using Pix2Pix.Training.Optim;
using F = Pix2Pix.Torch.functional;

namespace Pix2Pix.Training;

/// <summary>Losses of one optimization step, as the official loss log names them.</summary>
public readonly record struct StepLosses(double G_GAN, double G_L1, double D_real, double D_fake);

/// <summary>
/// The conditional GAN of pix2pix: D learns to tell (A, B) from (A, G(A)); G learns to fool D while staying
/// close to B in L1 (loss_G = GAN + lambda_L1 · L1). One <see cref="OptimizeParameters"/> is one official iteration.
/// </summary>
public sealed class Pix2PixModel(Module netG, Module netD, GanMode ganMode = GanMode.vanilla, double lambdaL1 = 100.0,
                                 double lr = 2e-4, double beta1 = 0.5) : IDisposable
{
    private readonly GanLoss _gan = new(ganMode);

    public Module NetG { get; } = netG;
    public Module NetD { get; } = netD;
    public double LambdaL1 { get; } = lambdaL1;
    public Adam OptimizerG { get; } = new(netG.parameters(), lr, beta1);
    public Adam OptimizerD { get; } = new(netD.parameters(), lr, beta1);

    /// <summary>D step on the detached fake and the real pair, then G step; returns the four losses.</summary>
    public StepLosses OptimizeParameters(Tensor realA, Tensor realB)
    {
        using var scope = torch.NewDisposeScope();
        var fakeB = NetG.forward(realA);
        var fakeAB = torch.cat([realA, fakeB], 1);
        var realAB = torch.cat([realA, realB], 1);

        SetRequiresGrad(NetD, true);
        OptimizerD.ZeroGrad();
        var lossDFake = _gan.Compute(NetD.forward(fakeAB.detach()), targetIsReal: false);
        var lossDReal = _gan.Compute(NetD.forward(realAB), targetIsReal: true);
        var lossD = (lossDFake + lossDReal) * 0.5;
        lossD.backward();
        OptimizerD.Step();

        SetRequiresGrad(NetD, false);
        OptimizerG.ZeroGrad();
        var lossGGan = _gan.Compute(NetD.forward(fakeAB), targetIsReal: true);
        var lossGL1 = F.l1_loss(fakeB, realB) * LambdaL1;
        var lossG = lossGGan + lossGL1;
        lossG.backward();
        OptimizerG.Step();

        return new StepLosses(lossGGan.item(), lossGL1.item(), lossDReal.item(), lossDFake.item());
    }

    private static void SetRequiresGrad(Module net, bool on)
    {
        foreach (var p in net.parameters()) p.requires_grad = on;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        OptimizerG.Dispose();
        OptimizerD.Dispose();
    }
}
