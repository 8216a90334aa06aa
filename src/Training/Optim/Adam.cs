using Pix2Pix.Torch;

namespace Pix2Pix.Training.Optim;

/// <summary>
/// Adam with PyTorch's formula (no weight decay, no AMSGrad); each parameter is updated in one fused pass
/// unless <see cref="Kernels.Optimized"/> is off. State is exposed for checkpoints.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly Tensor[] _params;
    private readonly Tensor[] _expAvg;
    private readonly Tensor[] _expAvgSq;

    public Adam(IEnumerable<Tensor> parameters, double lr = 2e-4, double beta1 = 0.5, double beta2 = 0.999, double eps = 1e-8)
    {
        _params = parameters.ToArray();
        (LearningRate, Beta1, Beta2, Eps) = (lr, beta1, beta2, eps);
        using var _ = torch.no_grad();
        _expAvg = _params.Select(p => torch.zeros(p.shape, p.dtype, p.device).DetachFromDisposeScope()).ToArray();
        _expAvgSq = _params.Select(p => torch.zeros(p.shape, p.dtype, p.device).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The rate the next step uses; schedulers change it between epochs.</summary>
    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }

    /// <summary>Steps taken so far (PyTorch keeps one per parameter; they are always equal here).</summary>
    public long StepCount { get; set; }

    /// <summary>First- and second-moment estimates, one pair per parameter, in parameter order.</summary>
    public IReadOnlyList<(Tensor ExpAvg, Tensor ExpAvgSq)> State => _expAvg.Zip(_expAvgSq).ToArray();

    /// <summary>
    /// Drops the accumulated gradients (PyTorch's <c>zero_grad(set_to_none=True)</c>, the default since 2.0):
    /// the next backward writes fresh gradients instead of adding into zero-filled ones.
    /// </summary>
    public void ZeroGrad()
    {
        foreach (var p in _params)
        {
            if (Kernels.Optimized) { p.reset_grad(); continue; }
            using var g = p.grad;
            g?.zero_();
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        var stepSize = LearningRate / biasCorrection1;
        using var _ = torch.no_grad();
        for (var i = 0; i < _params.Length; i++)
        {
            using var grad = _params[i].grad;
            if (grad is null) continue;
            if (Kernels.Optimized)
            {
                torch._fused_adam_step_(_params[i], grad, _expAvg[i], _expAvgSq[i], Beta1, Beta2, Eps, stepSize, biasCorrection2Sqrt);
                continue;
            }
            _expAvg[i].mul_(Beta1).add_(grad, 1 - Beta1);
            _expAvgSq[i].mul_(Beta2).addcmul_(grad, grad, 1 - Beta2);
            using var root = _expAvgSq[i].sqrt();
            using var denom = root / biasCorrection2Sqrt;
            denom.add_(Eps);
            _params[i].addcdiv_(_expAvg[i], denom, -stepSize);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _expAvg) t.Dispose();
        foreach (var t in _expAvgSq) t.Dispose();
    }
}
