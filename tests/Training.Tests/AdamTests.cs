using Adam = Pix2Pix.Training.Optim.Adam;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using Xunit.Abstractions;
using static TorchSharp.torch;


namespace Pix2Pix.Training.Tests.Optim;

public sealed class AdamTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    /// <summary>
    /// Odd lengths around the vector width (16 floats with AVX-512, 8 with AVX2), one element, a length just past a
    /// parallel chunk, and a ~2 M-element 4-D conv weight that takes the parallel path.
    /// </summary>
    private static readonly long[][] MixedShapes =
    [
        [1], [7], [17], [33], [3, 5, 7], [1023], [64, 3, 4, 4], [65_537], [262_147], [256, 512, 4, 4],
    ];

    [Fact]
    public void FusedMatchesTorchSharpAdamEveryStep()
    {
        var report = RunAgainstTorchSharp(fused: true, steps: 25, lrChangeAt: null);
        Assert.All(report, r => Assert.True(r.MaxAbs <= Tolerance, $"step {r.Step}: {r.MaxAbs:E3}"));
    }

    [Fact]
    public void FusedMatchesTorchSharpAdamAfterLearningRateChange()
    {
        var report = RunAgainstTorchSharp(fused: true, steps: 24, lrChangeAt: 12);
        Assert.All(report, r => Assert.True(r.MaxAbs <= Tolerance, $"step {r.Step}: {r.MaxAbs:E3}"));
    }

    [Fact]
    public void TensorOpPathMatchesTorchSharpAdamEveryStep()
    {
        var report = RunAgainstTorchSharp(fused: false, steps: 20, lrChangeAt: 10);
        Assert.All(report, r => Assert.True(r.MaxAbs <= Tolerance, $"step {r.Step}: {r.MaxAbs:E3}"));
    }

    [Fact]
    public void FusedMatchesTensorOpPath()
    {
        using var scope = NewDisposeScope();
        var fusedParams = MakeParameters(MixedShapes, seed: 11);
        var plainParams = Clone(fusedParams);
        using var fused = new Adam(fusedParams, lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8, fused: true);
        using var plain = new Adam(plainParams, lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8, fused: false);
        var generator = new Generator(12);
        for (var step = 1; step <= 20; step++)
        {
            if (step == 10) fused.LearningRate = plain.LearningRate = 5e-4;
            SetRandomGradients(generator, fusedParams, plainParams);
            fused.Step();
            plain.Step();
            var (maxAbs, differing) = Compare(fusedParams, plainParams, fused.State, plain.State);
            output.WriteLine($"step {step,2}: max |fused - tensor ops| = {maxAbs:E3}, differing elements {differing}");
            Assert.True(maxAbs <= Tolerance, $"step {step}: {maxAbs:E3}");
        }
    }

    /// <summary>
    /// Gradients written by autograd rather than assigned, copied to a twin for the reference optimizer (recomputing
    /// them on the twin would amplify the ~1e-9 parameter differences: Adam normalizes the pure-noise gradient of a
    /// bias that BatchNorm cancels to a full-size step). The convolution comes first so that no convolution input
    /// gradient is computed: libtorch 2.10's CPU convolution input gradient for batches of more than one sample is
    /// unreliable on this machine (see bench/Diag.cs).
    /// </summary>
    [Fact]
    public void MatchesTorchSharpAdamOnBackpropagatedGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var model = nn.Sequential(
            nn.Conv2d(3, 13, 4, stride: 2, padding: 1), nn.BatchNorm2d(13), nn.LeakyReLU(0.2),
            nn.Flatten(), nn.Linear(13 * 8 * 8, 37), nn.Tanh(), nn.Linear(37, 1));
        var parameters = model.parameters().ToArray();
        var twins = Clone(parameters);
        using var fused = new Adam(parameters);
        using var reference = optim.Adam(twins, 2e-4, 0.5, 0.999, 1e-8);
        for (var step = 1; step <= 20; step++)
        {
            using var stepScope = NewDisposeScope();
            fused.ZeroGrad();
            model.call(randn(4, 3, 16, 16)).square().mean().backward();
            for (var i = 0; i < parameters.Length; i++)
            {
                using var g = parameters[i].grad!;
                Assert.True(g.is_contiguous());
                twins[i].grad = g.clone();
            }
            fused.Step();
            reference.step();
            var (maxAbs, _) = Compare(parameters, twins);
            output.WriteLine($"step {step,2}: max |mine - torch.optim.Adam| = {maxAbs:E3}");
            Assert.True(maxAbs <= Tolerance, $"step {step}: {maxAbs:E3}");
        }
    }

    [Fact]
    public void SkipsParametersWithoutGradient()
    {
        using var scope = NewDisposeScope();
        var parameters = MakeParameters([[300], [5, 5], [70_000]], seed: 3);
        var before = parameters.Select(p => p.detach().clone()).ToArray();
        var twins = Clone(parameters);
        using var adam = new Adam(parameters);
        using var reference = optim.Adam(twins, 2e-4, 0.5, 0.999, 1e-8);
        using (var g = full(new long[] { 300 }, 0.5f)) parameters[0].grad = g;
        using (var g = full(new long[] { 70_000 }, -0.25f)) parameters[2].grad = g;
        using (var g = full(new long[] { 300 }, 0.5f)) twins[0].grad = g;
        using (var g = full(new long[] { 70_000 }, -0.25f)) twins[2].grad = g;

        adam.Step();
        reference.step();

        Assert.Null(parameters[1].grad);
        Assert.Equal(0, parameters[1].ne(before[1]).sum().item<long>());
        Assert.Equal(0, adam.State[1].ExpAvg.count_nonzero().item<long>());
        Assert.Equal(0, adam.State[1].ExpAvgSq.count_nonzero().item<long>());
        Assert.True(parameters[0].ne(before[0]).all().item<bool>());
        Assert.True(parameters[2].ne(before[2]).all().item<bool>());
        Assert.True(Compare(parameters, twins).MaxAbs <= Tolerance);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void ZeroGradLeavesGradientsUndefined()
    {
        using var scope = NewDisposeScope();
        var linear = nn.Linear(9, 4);
        using var adam = new Adam(linear.parameters());
        linear.call(randn(3, 9)).sum().backward();
        Assert.All(linear.parameters(), p => { using var g = p.grad; Assert.NotNull(g); });

        adam.ZeroGrad();

        Assert.All(linear.parameters(), p => Assert.Null(p.grad));
        adam.Step();
        Assert.Equal(0, adam.State[0].ExpAvg.count_nonzero().item<long>());
    }

    [Fact]
    public void FallsBackForNonContiguousGradientsAndOtherDtypes()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(21);
        var parameters = new[]
        {
            new Parameter(randn(new long[] { 40, 24 }, generator: generator)),
            new Parameter(randn(new long[] { 333 }, float64, generator: generator)),
            new Parameter(randn(new long[] { 24, 40 }, generator: generator).t()),
        };
        var twins = Clone(parameters);
        using var adam = new Adam(parameters);
        using var reference = optim.Adam(twins, 2e-4, 0.5, 0.999, 1e-8);
        for (var step = 1; step <= 5; step++)
        {
            using var stepScope = NewDisposeScope();
            var grads = new[]
            {
                randn(new long[] { 24, 40 }, generator: generator).t(),
                randn(new long[] { 333 }, float64, generator: generator),
                randn(new long[] { 24, 40 }, generator: generator).t(),
            };
            for (var i = 0; i < grads.Length; i++)
            {
                parameters[i].grad = grads[i];
                twins[i].grad = grads[i];
            }
            using (var g = parameters[0].grad) Assert.False(g!.is_contiguous());
            adam.Step();
            reference.step();
            Assert.True(Compare(parameters, twins).MaxAbs <= Tolerance, $"step {step}");
        }
    }

    [Fact]
    public void StepWorksInsideNoGradAndDisposeScopes()
    {
        using var outer = NewDisposeScope();
        var parameters = MakeParameters([[1000], [100_000]], seed: 8);
        var twins = Clone(parameters);
        var adam = new Adam(parameters);
        using var reference = optim.Adam(twins, 2e-4, 0.5, 0.999, 1e-8);
        var generator = new Generator(9);
        for (var step = 1; step <= 3; step++)
        {
            using (NewDisposeScope())
            using (no_grad())
            {
                SetRandomGradients(generator, parameters, twins);
                adam.Step();
            }
            using (enable_grad()) reference.step();
            Assert.All(adam.State, s => Assert.False(s.ExpAvg.IsInvalid || s.ExpAvgSq.IsInvalid));
            Assert.All(parameters, p => { using var g = p.grad; Assert.False(g is null || g.IsInvalid); });
        }
        Assert.True(is_grad_enabled());
        Assert.True(Compare(parameters, twins).MaxAbs <= Tolerance);
        adam.Dispose();
        Assert.All(adam.State, s => Assert.True(s.ExpAvg.IsInvalid && s.ExpAvgSq.IsInvalid));
        Assert.All(parameters, p => Assert.False(p.IsInvalid));
        Assert.Throws<ObjectDisposedException>(adam.Step);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StepInvalidatesGraphsThatSavedTheParameter(bool fused)
    {
        using var scope = NewDisposeScope();
        var w = new Parameter(randn(64));
        using var adam = new Adam([w], fused: fused);
        var loss = (w * w).sum();
        using (var g = ones(64)) w.grad = g;

        adam.Step();

        var error = Assert.ThrowsAny<Exception>(() => loss.backward());
        Assert.Contains("modified by an inplace operation", error.Message);
    }

    /// <summary>
    /// Resident memory stays flat, and <see cref="Adam.Step"/> leaves no tensor wrapper behind. The step runs outside
    /// any dispose scope, so a gradient handle it forgot to dispose would live on until the finalizer ran.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MemoryStaysFlatOverTwoThousandSteps(bool fused)
    {
        const int warmup = 200, steps = 2000;
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = nn.Sequential(nn.Linear(1024, 1000), nn.ReLU(), nn.Linear(1000, 24));
        var count = model.parameters().Sum(p => p.numel());
        Assert.InRange(count, 1_000_000, 1_100_000);
        using var adam = new Adam(model.parameters(), fused: fused);
        var x = randn(4, 1024);
        var maxWrapperDelta = long.MinValue;

        void Train(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using (NewDisposeScope())
                {
                    adam.ZeroGrad();
                    model.call(x).square().mean().backward();
                }
                var before = Tensor.TotalCount;
                adam.Step();
                maxWrapperDelta = Math.Max(maxWrapperDelta, Tensor.TotalCount - before);
            }
        }

        Train(warmup);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var rssBefore = ResidentKiB();
        Train(steps);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var rssAfter = ResidentKiB();

        output.WriteLine($"fused {fused}: {count:N0} parameters; VmRSS after {warmup} warm-up steps {rssBefore:N0} KiB, after {steps} more {rssAfter:N0} KiB ({rssAfter - rssBefore:+#,0;-#,0;0} KiB); most tensor wrappers left by one Step: {maxWrapperDelta}");
        Assert.True(rssAfter - rssBefore < 16 * 1024, $"VmRSS grew by {rssAfter - rssBefore} KiB");
        Assert.True(maxWrapperDelta <= 0, $"a step left {maxWrapperDelta} tensor wrappers alive");
    }

    private List<(int Step, double MaxAbs)> RunAgainstTorchSharp(bool fused, int steps, int? lrChangeAt)
    {
        using var scope = NewDisposeScope();
        var mine = MakeParameters(MixedShapes, seed: 1);
        var theirs = Clone(mine);
        using var adam = new Adam(mine, lr: 2e-4, beta1: 0.5, beta2: 0.999, eps: 1e-8, fused: fused);
        using var reference = optim.Adam(theirs, 2e-4, 0.5, 0.999, 1e-8);
        var generator = new Generator(2);
        var report = new List<(int, double)>();
        for (var step = 1; step <= steps; step++)
        {
            if (step == lrChangeAt)
            {
                adam.LearningRate = 1e-3;
                foreach (var group in reference.ParamGroups) group.LearningRate = 1e-3;
            }
            SetRandomGradients(generator, mine, theirs);
            adam.Step();
            reference.step();
            var (maxAbs, differing) = Compare(mine, theirs);
            output.WriteLine($"step {step,2} (lr {adam.LearningRate:G2}): max |mine - torch.optim.Adam| = {maxAbs:E3}, differing elements {differing} of {mine.Sum(p => p.numel()):N0}");
            report.Add((step, maxAbs));
        }
        return report;
    }

    private static Parameter[] MakeParameters(long[][] shapes, int seed)
    {
        var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        return shapes.Select(s => new Parameter(randn(s, generator: generator).mul_(0.02))).ToArray();
    }

    private static Parameter[] Clone(Parameter[] parameters)
    {
        using var noGrad = no_grad();
        return parameters.Select(p => new Parameter(p.detach().clone())).ToArray();
    }

    /// <summary>
    /// Gives both parameter sets the same fresh gradients, with scales from 1e-6 to 10 so that both the ε and
    /// the √v terms dominate somewhere, and an exactly zero gradient on every fifth step.
    /// </summary>
    private static void SetRandomGradients(Generator generator, Parameter[] a, Parameter[] b)
    {
        using var scope = NewDisposeScope();
        var scale = Math.Pow(10, -6 + 7 * (double)randint(0, 1000, [1], generator: generator).item<long>() / 1000);
        for (var i = 0; i < a.Length; i++)
        {
            var g = randn(a[i].shape, a[i].dtype, generator: generator).mul_(scale);
            if (randint(0, 5, [1], generator: generator).item<long>() == 0) g.zero_();
            a[i].grad = g;
            b[i].grad = g.clone();
        }
    }

    private static (double MaxAbs, long Differing) Compare(Parameter[] a, Parameter[] b,
        IReadOnlyList<(Tensor ExpAvg, Tensor ExpAvgSq)>? stateA = null, IReadOnlyList<(Tensor ExpAvg, Tensor ExpAvgSq)>? stateB = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var pairs = a.Zip(b, (x, y) => ((Tensor)x, (Tensor)y)).ToList();
        if (stateA is not null && stateB is not null)
        {
            pairs.AddRange(stateA.Zip(stateB, (x, y) => (x.ExpAvg, y.ExpAvg)));
            pairs.AddRange(stateA.Zip(stateB, (x, y) => (x.ExpAvgSq, y.ExpAvgSq)));
        }
        var maxAbs = 0.0;
        var differing = 0L;
        foreach (var (x, y) in pairs)
        {
            maxAbs = Math.Max(maxAbs, (x - y).abs().max().to_type(ScalarType.Float64).item<double>());
            differing += x.ne(y).sum().item<long>();
        }
        return (maxAbs, differing);
    }

    private static long ResidentKiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
    }
}
