namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class MetadataTests
{
    [Fact]
    public void Model_metadata_round_trips()
    {
        using var session = Fixtures.Open(Fixtures.Conv);
        var m = session.ModelMetadata;
        Assert.Equal("pix2pix-fixtures", m.ProducerName);
        Assert.Equal("tiny_conv", m.GraphName);
        Assert.Equal("ai.pix2pix.test", m.Domain);
        Assert.Equal("Pix2Pix binding test model", m.Description);
        Assert.Equal(7, m.Version);
        Assert.Equal(3, m.CustomMetadataMap.Count);
        Assert.Equal("AtoB", m.CustomMetadataMap["pix2pix.direction"]);
        Assert.Equal("64", m.CustomMetadataMap["pix2pix.ngf"]);
        Assert.Equal("héllo ✓", m.CustomMetadataMap["note"]);
    }

    [Fact]
    public void Model_without_custom_metadata_has_an_empty_map()
    {
        using var session = Fixtures.Open(Fixtures.Add);
        Assert.Empty(session.ModelMetadata.CustomMetadataMap);
        Assert.Equal("add_mul", session.ModelMetadata.GraphName);
        Assert.Equal("", session.ModelMetadata.Domain);
    }

    [Fact]
    public void Multiple_inputs_and_outputs_in_graph_order()
    {
        using var session = Fixtures.Open(Fixtures.Add);
        Assert.Equal(new[] { "a", "b" }, session.Inputs.Select(i => i.Name));
        Assert.Equal(new[] { "sum", "product" }, session.Outputs.Select(o => o.Name));
        Assert.Equal(new[] { "batch", "" }, session.Inputs[1].SymbolicDimensions);
        Assert.Equal(new long[] { -1, 4 }, session.Inputs[1].Shape);
    }

    [Fact]
    public void Element_types_are_reported()
    {
        using var session = Fixtures.Open(Fixtures.Types);
        Assert.Equal(
            new[] { TensorElementType.Float, TensorElementType.Int64, TensorElementType.UInt8, TensorElementType.Float16 },
            session.Inputs.Select(i => i.ElementType));
        Assert.All(session.Outputs, o => Assert.True(o.IsTensor));
    }
}
