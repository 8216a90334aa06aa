using Pix2Pix.Torch;
using Pix2Pix.Training.Networks;

namespace Pix2Pix.Training.Tests;

/// <summary>Our C# networks loaded with PyTorch-saved weights reproduce PyTorch's outputs, gradients and running statistics.</summary>
public sealed class NetworkParityTests
{
    public static TheoryData<string> Cases => new() { "unet_batch", "unet_instance", "nlayer_batch", "pixel_batch", "resnet_instance", "resnet_batch" };

    [Theory, MemberData(nameof(Cases))]
    public void EvalOutputMatchesPyTorch(string name)
    {
        var fx = ParityFixture.Load(name);
        using var net = fx.BuildNetwork();
        net.eval();
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var y = net.forward(fx.Tensor("input"));
        Assert.Equal(fx.Shape("output.eval"), y.shape);
        Assert.True(Compare.MaxAbsDiff(y.data_float(), fx.Values("output.eval")) <= 1e-5, $"{name}: eval output differs");
    }

    [Theory, MemberData(nameof(Cases))]
    public void TrainOutputGradientsAndRunningStatsMatchPyTorch(string name)
    {
        var fx = ParityFixture.Load(name);
        using var net = fx.BuildNetwork();
        net.train();
        using var scope = torch.NewDisposeScope();
        var x = fx.Tensor("input").requires_grad_(true);
        torch.manual_seed(1234);
        var y = net.forward(x);
        var trainDiff = Compare.MaxAbsDiff(y.data_float(), fx.Values("output.train"));
        Assert.True(trainDiff <= 1e-5, $"{name}: train output differs by {trainDiff}");

        var loss = (y * fx.Tensor("R")).sum();
        Assert.Equal(fx.Values("loss")[0], loss.item(), Math.Max(1e-5, Math.Abs(fx.Values("loss")[0]) * 1e-6));
        loss.backward();
        AssertGrad(fx, "grad.input", x.grad);
        foreach (var (key, p) in net.named_parameters()) AssertGrad(fx, "grad." + key, p.grad);
        foreach (var (key, b) in net.named_buffers())
        {
            var expected = fx.Values("after." + key);
            var actual = b.dtype == ScalarType.Int64 ? b.data_long().Select(v => (float)v).ToArray() : b.data_float();
            Assert.True(Compare.MaxAbsDiff(actual, expected) <= 1e-5, $"{name}: buffer {key} after one train step differs");
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
            using var scope = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            var x = fx.Tensor("input");
            Assert.Equal(net.forward(x).data_float(), copy.forward(x).data_float());
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
            var actual = grad.data_float();
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
