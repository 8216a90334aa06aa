using Pix2Pix.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Tests;

/// <summary>Our C# networks loaded with PyTorch-saved weights reproduce PyTorch's outputs, gradients and running statistics.</summary>
public sealed class NetworkParityTests
{
    public static TheoryData<string> Cases => new() { "unet_batch", "unet_instance", "nlayer_batch", "pixel_batch", "resnet_instance", "resnet_batch" };

    public static TheoryData<string, bool> CasesAndKernels()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Cases) { data.Add(name, false); if (name.StartsWith("unet")) data.Add(name, true); }
        return data;
    }

    [Theory, MemberData(nameof(CasesAndKernels))]
    public void EvalOutputMatchesPyTorch(string name, bool subPixel)
    {
        var fx = ParityFixture.Load(name);
        using var net = fx.BuildNetwork(subPixel);
        net.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var y = net.forward(fx.Tensor("input"));
        Assert.Equal(fx.Shape("output.eval"), y.shape);
        Assert.True(Compare.MaxAbsDiff(y.data<float>().ToArray(), fx.Values("output.eval")) <= 1e-5, $"{name}: eval output differs");
    }

    [Theory, MemberData(nameof(CasesAndKernels))]
    public void TrainOutputGradientsAndRunningStatsMatchPyTorch(string name, bool subPixel)
    {
        var fx = ParityFixture.Load(name);
        using var net = fx.BuildNetwork(subPixel);
        net.train();
        using var scope = NewDisposeScope();
        var x = fx.Tensor("input").requires_grad_(true);
        ApplyRecordedDropoutMasks(fx, net);
        var y = net.forward(x);
        var trainDiff = Compare.MaxAbsDiff(y.data<float>().ToArray(), fx.Values("output.train"));
        Assert.True(trainDiff <= 1e-5, $"{name}: train output differs by {trainDiff}");

        var loss = (y * fx.Tensor("R")).sum();
        // Outputs within 1e-5 each bound the loss Σ y·R to within 1e-5 · Σ|R|.
        var lossTolerance = 1e-5 * fx.Values("R").Sum(Math.Abs);
        Assert.Equal(fx.Values("loss")[0], loss.item<float>(), lossTolerance);
        loss.backward();
        AssertGrad(fx, "grad.input", x.grad);
        foreach (var (key, p) in net.named_parameters()) AssertGrad(fx, "grad." + key, p.grad);
        foreach (var (key, b) in net.named_buffers())
        {
            var expected = fx.Values("after." + key);
            var actual = b.dtype == ScalarType.Int64 ? b.data<long>().ToArray().Select(v => (float)v).ToArray() : b.data<float>().ToArray();
            Assert.True(Compare.MaxAbsDiff(actual, expected) <= 1e-5, $"{name}: buffer {key} after one train step differs");
        }
    }

    /// <summary>
    /// libtorch's CPU bernoulli draws differently with and without MKL, so the fixture records PyTorch's dropout masks
    /// (scripts/make_parity_fixtures.py) and each Dropout here applies its recorded mask: x · mask / (1 − p).
    /// </summary>
    private static void ApplyRecordedDropoutMasks(ParityFixture fx, nn.Module<Tensor, Tensor> net)
    {
        var dropouts = net.named_modules().Where(m => m.module is TorchSharp.Modules.Dropout).ToList();
        Assert.Equal(fx.Keys.Count(k => k.StartsWith("dropout_mask.", StringComparison.Ordinal)), dropouts.Count);
        foreach (var (path, module) in dropouts)
        {
            var dropout = (TorchSharp.Modules.Dropout)module;
            var mask = fx.Tensor("dropout_mask." + path).DetachFromDisposeScope();
            dropout.register_forward_hook((_, input, _) => input * mask / (1 - dropout.p));
        }
    }

    [Fact]
    public void LegacyAndZipPthGiveTheSameWeights()
    {
        var fx = ParityFixture.Load("unet_batch");
        using var fromZip = fx.BuildNetwork();
        using var fromLegacy = new UnetGenerator(((UnetGenerator)fromZip).Options);
        StateDict.LoadFile(fromLegacy, Path.Combine(ParityFixture.Dir, "unet_batch_legacy.pth"));
        var a = StateDict.Export(fromZip);
        var b = StateDict.Export(fromLegacy);
        Assert.Equal(a.Select(t => t.Name), b.Select(t => t.Name));
        for (var i = 0; i < a.Count; i++) Assert.Equal(a[i].Data, b[i].Data);
    }

    [Fact]
    public void WeightsSurviveASafetensorsRoundTrip()
    {
        var fx = ParityFixture.Load("resnet_batch");
        using var net = fx.BuildNetwork();
        var path = Path.Combine(Path.GetTempPath(), $"p2p-{Guid.NewGuid():N}.safetensors");
        try
        {
            StateDict.Save(net, path);
            using var copy = new ResnetGenerator(((ResnetGenerator)net).Options);
            StateDict.LoadFile(copy, path);
            net.eval(); copy.eval();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = fx.Tensor("input");
            Assert.Equal(net.forward(x).data<float>().ToArray(), copy.forward(x).data<float>().ToArray());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void WrongArchitectureIsAClearError()
    {
        var fx = ParityFixture.Load("unet_batch");
        using var other = new UnetGenerator(new GeneratorOptions { NetG = NetGKind.Unet(6), Ngf = 4 });
        var e = Assert.Throws<InvalidDataException>(() => StateDict.LoadFile(other, fx.PthPath));
        Assert.Contains("shape", e.Message);
    }

    private static void AssertGrad(ParityFixture fx, string key, Tensor? grad)
    {
        Assert.NotNull(grad);
        using (grad)
        {
            var expected = fx.Values(key);
            var actual = grad.data<float>().ToArray();
            var largest = expected.Max(Math.Abs);
            if (largest < 1e-4)
            {
                // A conv bias right before an instance norm has a gradient of exactly zero; both sides hold only rounding noise.
                Assert.True(actual.Max(Math.Abs) < 1e-4, $"{fx.Name}: {key} should be numerically zero, got {actual.Max(Math.Abs)}");
                return;
            }
            var diff = Compare.MaxAbsDiff(actual, expected);
            Assert.True(diff <= 1e-5 * Math.Max(1.0, largest), $"{fx.Name}: {key} differs by {diff} (largest expected magnitude {largest})");
        }
    }
}
