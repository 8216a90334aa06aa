using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Optim;

/// <summary>Adam with PyTorch's formula (no weight decay, no AMSGrad). State is exposed for checkpoints.</summary>
public sealed class Adam : IDisposable
{
    private readonly Parameter[] _params;
    private readonly Tensor[] _expAvg;
    private readonly Tensor[] _expAvgSq;

    public Adam(IEnumerable<Parameter> parameters, double lr = 2e-4, double beta1 = 0.5, double beta2 = 0.999, double eps = 1e-8, bool fused = true)
    {
        _params = parameters.ToArray();
        (LearningRate, Beta1, Beta2, Eps, Fused) = (lr, beta1, beta2, eps, fused);
        using var _ = no_grad();
        _expAvg = _params.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _expAvgSq = _params.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public bool Fused { get; }
    public long StepCount { get; set; }
    public IReadOnlyList<(Tensor ExpAvg, Tensor ExpAvgSq)> State => _expAvg.Zip(_expAvgSq).ToArray();

    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in _params)
        {
            if (setToNone) { p.grad = null; continue; }
            using var g = p.grad;
            g?.zero_();
        }
    }

    public void Step()
    {
        StepCount++;
        var biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        var stepSize = LearningRate / biasCorrection1;
        using var _ = no_grad();
        for (var i = 0; i < _params.Length; i++)
        {
            using var grad = _params[i].grad;
            if (grad is null) continue;
            _expAvg[i].mul_(Beta1).add_(grad, 1 - Beta1);
            _expAvgSq[i].mul_(Beta2).addcmul_(grad, grad, 1 - Beta2);
            using var root = _expAvgSq[i].sqrt();
            using var denom = root / biasCorrection2Sqrt;
            denom.add_(Eps);
            _params[i].addcdiv_(_expAvg[i], denom, -stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var t in _expAvg) t.Dispose();
        foreach (var t in _expAvgSq) t.Dispose();
    }
}
