using static Pix2Pix.Torch.Tests.TestData;

namespace Pix2Pix.Torch.Tests;

public sealed class AutogradTests : IDisposable
{
    private readonly DisposeScope _scope = torch.NewDisposeScope();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void NoGrad_StopsRecording_AndRestoresPreviousMode()
    {
        var x = torch.ones([2], requires_grad: true);
        Assert.True(torch.is_grad_enabled());
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            using (torch.no_grad()) Assert.False(torch.is_grad_enabled());
            Assert.False(torch.is_grad_enabled());
            Assert.False((x * 2).requires_grad);
            using (torch.set_grad_enabled(true)) Assert.True((x * 2).requires_grad);
        }
        Assert.True(torch.is_grad_enabled());
        Assert.True((x * 2).requires_grad);
    }

    [Fact]
    public void RequiresGrad_LeafAndNonLeaf()
    {
        var x = torch.ones([2]);
        Assert.False(x.requires_grad);
        Assert.Null(x.grad);
        x.requires_grad = true;
        Assert.True(x.requires_grad && x.is_leaf);
        var y = x * 3;
        Assert.True(y.requires_grad);
        Assert.False(y.is_leaf);
        Assert.False(y.detach().requires_grad);
        Assert.Throws<TorchException>(() => y.requires_grad = false);
    }

    [Fact]
    public void Grad_Accumulates_AndZeroResets()
    {
        var x = F64([1, 2], 2).requires_grad_();
        (x * x).sum().backward();
        (x * 3).sum().backward();
        Close([5, 7], x.grad!.data_double());
        x.grad!.zero_();
        Close([0, 0], x.grad!.data_double());
        (x * x).sum().backward();
        Close([2, 4], x.grad!.data_double());
    }

    [Fact]
    public void Backward_WithGradient_AndRetainGraph()
    {
        var x = F64([1, 2, 3], 3).requires_grad_();
        var y = x * x;
        y.backward(F64([1, 0, 2], 3), retain_graph: true);
        Close([2, 0, 12], x.grad!.data_double());
        y.backward(F64([1, 1, 1], 3));
        Close([4, 4, 18], x.grad!.data_double());
        Assert.Throws<TorchException>(() => y.backward(F64([1, 1, 1], 3)));
    }

    [Fact]
    public void AutogradGrad_LeavesGradUntouched_WithGradOutputs()
    {
        var x = F64([1, 2], 2).requires_grad_();
        var w = F64([3, 4], 2).requires_grad_();
        var y = x * w;
        var g = functional.grad([y], [x, w], [F64([1, 10], 2)]);
        Close([3, 40], g[0].data_double());
        Close([1, 20], g[1].data_double());
        Assert.Null(x.grad);
    }

    [Fact]
    public void InPlaceAdamStep_MatchesHandComputation()
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[] p0 = [0.5, -1.0, 2.0], g0 = [0.1, -0.2, 0.3], m0 = [0.01, 0.02, -0.03], v0 = [0.001, 0.002, 0.003];
        const int step = 3;
        var p = F64(p0, 3).requires_grad_();
        (p * F64(g0, 3)).sum().backward();
        var m = F64(m0, 3);
        var v = F64(v0, 3);
        using (torch.no_grad())
        {
            var g = p.grad!;
            m.mul_(b1).add_(g, 1 - b1);
            v.mul_(b2).addcmul_(g, g, 1 - b2);
            var bc1 = 1 - Math.Pow(b1, step);
            var bc2 = 1 - Math.Pow(b2, step);
            var denom = v.sqrt().div(Math.Sqrt(bc2)).add(eps);
            p.addcdiv_(m, denom, -lr / bc1);
        }
        var expected = new double[3];
        for (var i = 0; i < 3; i++)
        {
            var mi = b1 * m0[i] + (1 - b1) * g0[i];
            var vi = b2 * v0[i] + (1 - b2) * g0[i] * g0[i];
            var mhat = mi / (1 - Math.Pow(b1, step));
            var vhat = vi / (1 - Math.Pow(b2, step));
            // torch's Adam adds eps to sqrt(v)/sqrt(bc2), i.e. to sqrt(vhat)
            expected[i] = p0[i] - lr * mhat / (Math.Sqrt(vhat) + eps);
        }
        Close(expected, p.data_double(), 1e-12);
        Assert.True(p.is_leaf && p.requires_grad);
    }

    [Fact]
    public void InPlaceOps_Values()
    {
        var x = F64([1, 4, 9], 3);
        Close([1, 2, 3], x.sqrt_().data_double());
        Close([2, 3, 4], x.add_(1).data_double());
        Close([4, 9, 16], x.mul_(F64([2, 3, 4], 3)).data_double());
        Close([2, 3, 4], x.div_(F64([2, 3, 4], 3)).data_double());
        Close([2, 3, 3], x.clamp_(0, 3).data_double());
        Close([5, 5, 5], x.fill_(5).data_double());
        Close([7, 8, 9], x.copy_(F64([7, 8, 9], 3)).data_double());
        Close([8, 10, 12], x.add_(F64([2, 4, 6], 3), 0.5).data_double());
        Close([4, 5, 6], x.mul_(0.5).data_double());
        Close([4.5, 5.5, 6.5], x.addcdiv_(F64([1, 1, 1], 3), F64([2, 2, 2], 3), 1).data_double());
        Assert.All(x.uniform_(2, 3).data_double(), v => Assert.InRange(v, 2, 3));
        Assert.Equal(0, x.zero_().abs().sum().item());
    }

    [Fact]
    public void InPlace_OnLeafRequiringGrad_OutsideNoGrad_Throws()
    {
        var p = torch.ones([2], requires_grad: true);
        var e = Assert.Throws<TorchException>(() => p.add_(1));
        Assert.Contains("leaf Variable that requires grad", e.Message);
    }
}
