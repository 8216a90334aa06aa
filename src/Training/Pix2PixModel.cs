using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Optim;
using Pix2Pix.Training.Options;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pix2Pix.Training;

/// <summary>Losses of one optimization step, as the official loss log names them.</summary>
public readonly record struct StepLosses(double G_GAN, double G_L1, double D_real, double D_fake, double D_GP = 0);

/// <summary>
/// The conditional GAN of pix2pix: D learns to tell (A, B) from (A, G(A)); G learns to fool D while staying
/// close to B in L1 (loss_G = GAN + lambda_L1 · L1). One <see cref="OptimizeParameters"/> is one official iteration.
/// </summary>
public sealed class Pix2PixModel : IDisposable
{
    private readonly GanLoss _gan;

    public Pix2PixModel(nn.Module<Tensor, Tensor> netG, nn.Module<Tensor, Tensor> netD, GanMode ganMode = GanMode.vanilla, double lambdaL1 = 100.0,
                        double lr = 2e-4, double beta1 = 0.5, double lambdaGp = 10.0, TrainKernels? kernels = null)
    {
        TorchRuntime.PrepareForTraining();
        (NetG, NetD, LambdaL1, LambdaGp, Kernels) = (netG, netD, lambdaL1, lambdaGp, kernels ?? TrainKernels.Optimized);
        _gan = new GanLoss(ganMode);
        OptimizerG = new Adam(netG.parameters(), lr, beta1, fused: Kernels.FusedAdam);
        OptimizerD = new Adam(netD.parameters(), lr, beta1, fused: Kernels.FusedAdam);
    }

    /// <summary>Builds and initializes G and D from the options on <paramref name="device"/>.</summary>
    public static Pix2PixModel Create(TrainOptions o, Device device, TrainKernels? kernels = null)
    {
        kernels ??= TrainKernels.Optimized;
        var netG = NetworkFactory.CreateGenerator(o.G, o.InitType, o.InitGain, kernels.SubPixelUpsampling);
        var netD = NetworkFactory.CreateDiscriminator(o.D, o.InitType, o.InitGain);
        netG.to(device);
        netD.to(device);
        return new Pix2PixModel(netG, netD, o.GanMode, o.LambdaL1, o.Lr, o.Beta1, o.LambdaGp, kernels);
    }

    public nn.Module<Tensor, Tensor> NetG { get; }
    public nn.Module<Tensor, Tensor> NetD { get; }
    public TrainKernels Kernels { get; }
    public double LambdaL1 { get; }
    public double LambdaGp { get; }
    public Adam OptimizerG { get; }
    public Adam OptimizerD { get; }

    /// <summary>Sets both optimizers' learning rate.</summary>
    public void SetLearningRate(double lr) => OptimizerG.LearningRate = OptimizerD.LearningRate = lr;

    /// <summary>D step on the detached fake and the real pair, then G step; returns the losses.</summary>
    public StepLosses OptimizeParameters(Tensor realA, Tensor realB)
    {
        using var scope = NewDisposeScope();
        var fakeB = NetG.forward(realA);
        var fakeAB = cat([realA, fakeB], 1);
        var realAB = cat([realA, realB], 1);

        SetRequiresGrad(NetD, true);
        OptimizerD.ZeroGrad(Kernels.GradsToNone);
        var lossDFake = _gan.Compute(NetD.forward(fakeAB.detach()), targetIsReal: false);
        var lossDReal = _gan.Compute(NetD.forward(realAB), targetIsReal: true);
        var lossD = (lossDFake + lossDReal) * 0.5;
        var penalty = _gan.Mode == GanMode.wgangp ? GradientPenalty(realA, realB, fakeB.detach()) : null;
        if (penalty is not null) lossD = lossD + penalty;
        lossD.backward();
        OptimizerD.Step();

        SetRequiresGrad(NetD, false);
        OptimizerG.ZeroGrad(Kernels.GradsToNone);
        var lossGGan = _gan.Compute(NetD.forward(fakeAB), targetIsReal: true);
        var lossGL1 = F.l1_loss(fakeB, realB) * LambdaL1;
        var lossG = lossGGan + lossGL1;
        lossG.backward();
        OptimizerG.Step();

        return new StepLosses(lossGGan.item<float>(), lossGL1.item<float>(), lossDReal.item<float>(), lossDFake.item<float>(), penalty?.item<float>() ?? 0);
    }

    /// <summary>
    /// WGAN-GP (Gulrajani et al., 2017) on random interpolates of real and fake B, conditioned on A:
    /// λ_gp · E[(‖∇D‖₂ − 1)²]. The official code defines this penalty but never calls it; we apply it.
    /// </summary>
    private Tensor GradientPenalty(Tensor realA, Tensor realB, Tensor fakeB)
    {
        var n = realB.shape[0];
        var alpha = rand([n, 1, 1, 1], realB.dtype, realB.device);
        var interpolates = (realB * alpha + fakeB * (1.0 - alpha)).detach().requires_grad_(true);
        var output = NetD.forward(cat([realA, interpolates], 1));
        var grad = autograd.grad([output], [interpolates], [ones_like(output)], retain_graph: true, create_graph: true)[0];
        var norm = (grad.reshape(n, -1) + 1e-16).pow(2).sum([1]).sqrt();
        return (norm - 1.0).pow(2).mean() * LambdaGp;
    }

    private static void SetRequiresGrad(nn.Module net, bool on)
    {
        foreach (var p in net.parameters()) p.requires_grad = on;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        OptimizerG.Dispose();
        OptimizerD.Dispose();
        NetG.Dispose();
        NetD.Dispose();
    }
}
