
namespace Pix2Pix.Torch.Tests;

/// <summary>A small training loop must run in flat memory and release every native handle.</summary>
public sealed class MemoryTests
{
    private const int Steps = 500;

    [Fact]
    public void TrainingSteps_InDisposeScopes_KeepMemoryAndHandlesFlat()
    {
        Settle();
        var baseline = Tensor.LiveCount;
        var rssAfter50 = 0L;
        using (var model = new TinyModel())
        {
            var live = Tensor.LiveCount;
            for (var step = 1; step <= Steps; step++)
            {
                using (torch.NewDisposeScope()) model.Step(step);
                Assert.Equal(live, Tensor.LiveCount);
                if (step == 50)
                {
                    Settle();
                    rssAfter50 = ResidentBytes();
                }
            }
            Settle();
            var growth = ResidentBytes() - rssAfter50;
            Assert.True(growth < 20L << 20, $"resident memory grew by {growth >> 10} KiB between step 50 and step {Steps}");
            Assert.True(model.LastLoss < model.FirstLoss, $"loss did not decrease: {model.FirstLoss} -> {model.LastLoss}");
        }
        Assert.Equal(baseline, Tensor.LiveCount);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long ResidentBytes()
    {
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1]) * Environment.SystemPageSize;
    }

    /// <summary>conv → batch_norm → leaky_relu → conv, mse loss, Adam written with in-place ops.</summary>
    private sealed class TinyModel : IDisposable
    {
        private readonly Tensor[] _params;
        private readonly Tensor[] _m, _v;
        private readonly Tensor _runningMean, _runningVar, _input, _target;

        public double FirstLoss = double.NaN, LastLoss;

        public TinyModel()
        {
            torch.manual_seed(5);
            _params =
            [
                torch.randn([8, 3, 3, 3]).mul_(0.2).requires_grad_(), torch.zeros([8], requires_grad: true),
                torch.ones([8], requires_grad: true), torch.zeros([8], requires_grad: true),
                torch.randn([3, 8, 3, 3]).mul_(0.1).requires_grad_(),
            ];
            _m = _params.Select(p => torch.zeros(p.shape)).ToArray();
            _v = _params.Select(p => torch.zeros(p.shape)).ToArray();
            _runningMean = torch.zeros([8]);
            _runningVar = torch.ones([8]);
            _input = torch.randn([2, 3, 16, 16]);
            using (torch.NewDisposeScope())
                _target = functional.tanh(_input.permute(0, 1, 3, 2).mul(0.5)).DetachFromDisposeScope();
        }

        public void Step(int step)
        {
            var h = functional.conv2d(_input, _params[0], _params[1], padding: 1);
            h = functional.batch_norm(h, _runningMean, _runningVar, _params[2], _params[3], training: true);
            h = functional.leaky_relu(h, 0.2);
            var y = functional.conv2d(h, _params[4], padding: 1);
            var loss = functional.mse_loss(y, _target);
            foreach (var p in _params) p.grad?.zero_();
            loss.backward();
            var value = loss.item();
            if (double.IsNaN(FirstLoss)) FirstLoss = value;
            LastLoss = value;

            using var _ = torch.no_grad();
            const double lr = 0.01, b1 = 0.5, b2 = 0.999;
            for (var i = 0; i < _params.Length; i++)
            {
                var g = _params[i].grad!;
                _m[i].mul_(b1).add_(g, 1 - b1);
                _v[i].mul_(b2).addcmul_(g, g, 1 - b2);
                var denom = _v[i].sqrt().div(Math.Sqrt(1 - Math.Pow(b2, step))).add_(1e-8);
                _params[i].addcdiv_(_m[i], denom, -lr / (1 - Math.Pow(b1, step)));
            }
        }

        public void Dispose()
        {
            foreach (var t in _params.Concat(_m).Concat(_v)) t.Dispose();
            _runningMean.Dispose();
            _runningVar.Dispose();
            _input.Dispose();
            _target.Dispose();
        }
    }
}
