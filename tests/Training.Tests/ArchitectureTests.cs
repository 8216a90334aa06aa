using Pix2Pix.Torch;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Nn;

namespace Pix2Pix.Training.Tests;

/// <summary>Sizes and layouts the official networks are known by.</summary>
public sealed class ArchitectureTests
{
    [Fact]
    public void OfficialParameterCounts()
    {
        using (var g = new UnetGenerator(new GeneratorOptions())) Assert.Equal(54_413_955, g.ParameterCount());
        using (var d = new NLayerDiscriminator(new DiscriminatorOptions())) Assert.Equal(2_768_705, d.ParameterCount());
        using (var r = new ResnetGenerator(new GeneratorOptions { NetG = NetGKind.Resnet9, Norm = NormKind.instance }))
            Assert.Equal(11_378_179, r.ParameterCount());
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(7, 2)]
    [InlineData(8, 3)]
    public void DropoutOnlyInTheMiddleDecoderBlocks(int numDowns, int expected)
    {
        using var g = new UnetGenerator(new GeneratorOptions { NetG = NetGKind.Unet(numDowns), Ngf = 2 });
        Assert.Equal(expected, g.modules_post_order().Count(m => m is Dropout));
        using var noDropout = new UnetGenerator(new GeneratorOptions { NetG = NetGKind.Unet(numDowns), Ngf = 2, UseDropout = false });
        Assert.Equal(0, noDropout.modules_post_order().Count(m => m is Dropout));
    }

    [Fact]
    public void StateDictKeysFollowTheOfficialLayout()
    {
        using var g = new UnetGenerator(new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 2 });
        var keys = g.state_dict().Select(k => k.Name).ToList();
        Assert.Equal("model.model.0.weight", keys[0]);
        Assert.Contains("model.model.1.model.2.running_mean", keys);
        Assert.Contains("model.model.1.model.3.model.3.model.3.model.1.weight", keys);
        Assert.Equal("model.model.3.bias", keys[^1]);
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
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Assert.Equal(new long[] { 1, 1, 30, 30 }, d.forward(torch.zeros([1, 6, 256, 256])).shape);
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
        torch.manual_seed(3);
        using var g = NetworkFactory.CreateGenerator(new GeneratorOptions { NetG = NetGKind.Unet(6), Ngf = 16 });
        var convW = g.named_parameters().Where(p => p.Name.EndsWith("weight") && p.Parameter.dim() == 4).SelectMany(p => p.Parameter.data_float()).ToArray();
        var bnW = g.named_parameters().Where(p => p.Name.EndsWith("weight") && p.Parameter.dim() == 1).SelectMany(p => p.Parameter.data_float()).ToArray();
        Assert.InRange(convW.Average(), -0.001, 0.001);
        Assert.InRange(Math.Sqrt(convW.Select(v => (double)v * v).Average()), 0.0195, 0.0205);
        Assert.InRange(bnW.Average(), 0.99, 1.01);
        Assert.All(g.named_parameters().Where(p => p.Name.EndsWith("bias")).SelectMany(p => p.Parameter.data_float()), v => Assert.Equal(0f, v));
    }
}
