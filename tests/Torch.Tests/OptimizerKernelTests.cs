namespace Pix2Pix.Torch.Tests;

/// <summary>The fused Adam kernel and gradient reset against the textbook formula.</summary>
public sealed class OptimizerKernelTests
{
    [Theory]
    [InlineData(ScalarType.Float32, 1e-6)] // the fused loop
    [InlineData(ScalarType.Float64, 1e-12)] // the ATen fallback
    public void FusedAdamStepFollowsTheFormula(ScalarType dtype, double tolerance)
    {
        double[] p0 = [0.5, -1.25, 2.0, 0.0, 3.5], g = [0.1, -0.2, 0.05, 1.5, -3.0], m0 = [0.01, 0.02, -0.03, 0.0, 0.5], v0 = [0.001, 0.004, 0.002, 0.0, 0.3];
        const double b1 = 0.5, b2 = 0.999, eps = 1e-8, lr = 2e-4;
        const int step = 3;
        var stepSize = lr / (1 - Math.Pow(b1, step));
        var bc2 = Math.Sqrt(1 - Math.Pow(b2, step));
        using var p = torch.tensor(p0, [5]).to(dtype);
        using var grad = torch.tensor(g, [5]).to(dtype);
        using var m = torch.tensor(m0, [5]).to(dtype);
        using var v = torch.tensor(v0, [5]).to(dtype);
        torch._fused_adam_step_(p, grad, m, v, b1, b2, eps, stepSize, bc2);
        using var pd = p.to(ScalarType.Float64);
        using var md = m.to(ScalarType.Float64);
        using var vd = v.to(ScalarType.Float64);
        for (var i = 0; i < 5; i++)
        {
            var mi = b1 * m0[i] + (1 - b1) * g[i];
            var vi = b2 * v0[i] + (1 - b2) * g[i] * g[i];
            var pi = p0[i] - stepSize * mi / (Math.Sqrt(vi) / bc2 + eps);
            Assert.Equal(mi, md.data_double()[i], tolerance);
            Assert.Equal(vi, vd.data_double()[i], tolerance);
            Assert.Equal(pi, pd.data_double()[i], tolerance);
        }
    }

    [Fact]
    public void ResetGradMakesTheNextBackwardStoreInsteadOfAdd()
    {
        using var w = torch.tensor([2.0f], [1], requires_grad: true);
        using (var y = w * 3.0) y.sum().backward();
        using (var y = w * 3.0) y.sum().backward();
        using (var g = w.grad) Assert.Equal(6f, g!.data_float()[0]);
        w.reset_grad();
        Assert.Null(w.grad);
        using (var y = w * 5.0) y.sum().backward();
        using (var g = w.grad) Assert.Equal(5f, g!.data_float()[0]);
    }
}
