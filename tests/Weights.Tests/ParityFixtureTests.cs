using System.Text.Json;

namespace Pix2Pix.Weights.Tests;

/// <summary>Consistency of the committed parity fixtures that the network tests build on.</summary>
public sealed class ParityFixtureTests
{
    public static IEnumerable<object[]> Cases =>
        new[] { "unet_batch", "unet_instance", "nlayer_batch", "pixel_batch", "resnet_instance", "resnet_batch" }
            .Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(Cases))]
    public void StateDict_MatchesTheGradientsAndBuffersOfTheIoFile(string name)
    {
        var stateDict = PyTorchStateDict.Load(TestFiles.Fixture("parity", name + ".pth"));
        var io = SafeTensors.Load(TestFiles.Fixture("parity", name + "_io.safetensors"));

        foreach (var tensor in stateDict)
        {
            bool isBuffer = tensor.Name.EndsWith("running_mean") || tensor.Name.EndsWith("running_var") || tensor.Name.EndsWith("num_batches_tracked");
            var partner = io[(isBuffer ? "after." : "grad.") + tensor.Name];
            Assert.Equal(tensor.Shape, partner.Shape);
            Assert.Equal(tensor.DType, partner.DType);
        }
        int stateDictPartners = io.Tensors.Count(t => t.Name.StartsWith("grad.model.") || t.Name.StartsWith("grad.net.") || t.Name.StartsWith("after."));
        Assert.Equal(stateDict.Count, stateDictPartners);

        var options = JsonDocument.Parse(io.Metadata["model"]).RootElement;
        Assert.True(options.TryGetProperty("kind", out _));
        long parameters = stateDict.Where(t => t.DType == DType.F32 && !t.Name.Contains("running_")).Sum(t => t.ElementCount);
        Assert.Equal(long.Parse(io.Metadata["parameters"]), parameters);
        Assert.Equal(io["input"].Shape, io["grad.input"].Shape);
        Assert.Equal(io["output.eval"].Shape, io["R"].Shape);
    }
}
