using Pix2Pix.Training.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Tests;

/// <summary>Sizes and layouts the official networks are known by.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void OfficialParameterCounts()
    {
        using (var g = new UnetGenerator(new GeneratorOptions())) Assert.Equal(54_413_955, Count(g));
        using (var g = new UnetGenerator(new GeneratorOptions(), subPixelUpsampling: true)) Assert.Equal(54_413_955, Count(g));
        using (var d = new NLayerDiscriminator(new DiscriminatorOptions())) Assert.Equal(2_768_705, Count(d));
        using (var r = new ResnetGenerator(new GeneratorOptions { NetG = NetGKind.Resnet9, Norm = NormKind.instance }))
            Assert.Equal(11_378_179, Count(r));
    }

    private static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void SubPixelUpsamplingKeepsTheStateDictAndTheInitialWeights()
    {
        var o = new GeneratorOptions { NetG = NetGKind.Unet(6), Ngf = 4 };
        manual_seed(5);
        using var stock = NetworkFactory.CreateGenerator(o);
        manual_seed(5);
        using var fast = NetworkFactory.CreateGenerator(o, subPixelUpsampling: true);
        var a = StateDict.Export(stock);
        var b = StateDict.Export(fast);
        Assert.Equal(a.Select(t => t.Name).Order(), b.Select(t => t.Name).Order());
        var byName = b.ToDictionary(t => t.Name);
        Assert.All(a, t => Assert.Equal(t.Data, byName[t.Name].Data));
        Assert.Equal(6, fast.modules().Count(m => m is SubPixelConvTranspose2d));
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(7, 2)]
    [InlineData(8, 3)]
    public void DropoutOnlyInTheMiddleDecoderBlocks(int numDowns, int expected)
    {
        using var g = new UnetGenerator(new GeneratorOptions { NetG = NetGKind.Unet(numDowns), Ngf = 2 });
        Assert.Equal(expected, g.modules().Count(m => m is Dropout));
        using var noDropout = new UnetGenerator(new GeneratorOptions { NetG = NetGKind.Unet(numDowns), Ngf = 2, UseDropout = false });
        Assert.Equal(0, noDropout.modules().Count(m => m is Dropout));
    }

    [Fact]
    public void StateDictKeysFollowTheOfficialLayout()
    {
        using var g = new UnetGenerator(new GeneratorOptions { NetG = NetGKind.Unet(6), Ngf = 3 });
        var keys = g.state_dict().Keys.ToList();
        Assert.Equal("model.model.0.weight", keys[0]);
        Assert.Contains("model.model.1.model.2.running_mean", keys);
        Assert.Contains("model.model.1.model.3.model.3.model.3.model.1.weight", keys);
        var official = Pix2Pix.Weights.PyTorchStateDict.Load(Path.Combine(ParityFixture.Dir, "unet_batch.pth")).Select(t => t.Name);
        Assert.Equal(official.Order(), keys.Order());
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 34)]
    [InlineData(3, 70)]
    [InlineData(4, 142)]
    [InlineData(5, 286)]
    [InlineData(6, 574)]
    public void PatchGanReceptiveField(int nLayers, int field)
    {
        using var d = new NLayerDiscriminator(new DiscriminatorOptions { Ndf = 1, NLayers = nLayers });
        Assert.Equal(field, d.ReceptiveField);
    }

    [Fact]
    public void BasicDiscriminatorMaps256To30x30()
    {
        using var d = NetworkFactory.CreateDiscriminator(new DiscriminatorOptions { Ndf = 4 });
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Assert.Equal(new long[] { 1, 1, 30, 30 }, d.forward(zeros([1, 6, 256, 256])).shape);
    }

    [Theory]
    [InlineData("unet_256", true, 8, 256)]
    [InlineData("unet_128", true, 7, 128)]
    [InlineData("unet_64", true, 6, 64)]
    [InlineData("resnet_9blocks", false, 9, 4)]
    [InlineData("resnet_6blocks", false, 6, 4)]
    public void NetGNames(string name, bool unet, int depth, int multiple)
    {
        var k = NetGKind.Parse(name);
        Assert.Equal((unet, depth, multiple, name), (k.IsUnet, k.Depth, k.SizeMultiple, k.Name));
    }

    [Theory]
    [InlineData("unet_100")]
    [InlineData("unet_16")]
    [InlineData("resnet_0blocks")]
    [InlineData("vgg")]
    public void BadNetGNamesAreRejected(string name) => Assert.Throws<FormatException>(() => NetGKind.Parse(name));

    [Fact]
    public void NormalInitMatchesTheOfficialStatistics()
    {
        manual_seed(3);
        using var g = NetworkFactory.CreateGenerator(new GeneratorOptions { NetG = NetGKind.Unet(6), Ngf = 16 });
        var convW = g.named_parameters().Where(p => p.name.EndsWith("weight") && p.parameter.dim() == 4).SelectMany(p => p.parameter.data<float>().ToArray()).ToArray();
        var bnW = g.named_parameters().Where(p => p.name.EndsWith("weight") && p.parameter.dim() == 1).SelectMany(p => p.parameter.data<float>().ToArray()).ToArray();
        Assert.InRange(convW.Average(), -0.001, 0.001);
        Assert.InRange(Math.Sqrt(convW.Select(v => (double)v * v).Average()), 0.0195, 0.0205);
        Assert.InRange(bnW.Average(), 0.99, 1.01);
        Assert.All(g.named_parameters().Where(p => p.name.EndsWith("bias")).SelectMany(p => p.parameter.data<float>().ToArray()), v => Assert.Equal(0f, v));
    }
}
