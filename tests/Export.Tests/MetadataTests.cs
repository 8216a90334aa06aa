using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Export.Tests;

/// <summary>What the model says about itself, read back through ONNX Runtime.</summary>
public sealed class MetadataTests
{
    private static readonly GeneratorOptions UnetG = new() { NetG = NetGKind.Unet(6), Ngf = 4, Norm = NormKind.batch, InputNc = 1, OutputNc = 3 };

    [Fact]
    public void MetadataRoundTripsThroughOrt()
    {
        var training = new TrainOptions { Name = "facades", Data = new DataOptions { Dataroot = "/data/facades", Direction = Direction.BtoA }, G = UnetG };
        using var net = NetworkFactory.CreateGenerator(UnetG);
        using var session = Ort.Open(OnnxExporter.Export(net, UnetG, new ExportOptions { Training = training }));

        var meta = session.ModelMetadata;
        Assert.Equal(OnnxExporter.ProducerName, meta.ProducerName);
        Assert.Equal("unet_64", meta.GraphName);
        Assert.Equal(1, meta.Version);
        Assert.Contains("unet_64", meta.Description);
        var map = meta.CustomMetadataMap;
        Assert.Equal("BtoA", map[ModelDescription.Direction]);
        Assert.Equal("1", map[ModelDescription.InputNc]);
        Assert.Equal("3", map[ModelDescription.OutputNc]);
        Assert.Equal("[-1,1]: x/127.5-1", map[ModelDescription.Normalization]);
        Assert.Equal("64", map[ModelDescription.SizeMultiple]);
        Assert.Equal("unet_64", map[ModelDescription.NetG]);
        Assert.Equal("4", map[ModelDescription.Ngf]);
        Assert.Equal("batch", map[ModelDescription.Norm]);
        Assert.Equal("true", map[ModelDescription.BatchNormFolded]);
        var json = JsonDocument.Parse(map[ModelDescription.TrainingOptions]).RootElement;
        Assert.Equal("facades", json.GetProperty("name").GetString());
        Assert.Equal(training, OptionsJson.Deserialize<TrainOptions>(map[ModelDescription.TrainingOptions]));
    }

    [Fact]
    public void BareWeightsHaveNoTrainingOptionsAndDefaultToAtoB()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Resnet(2), Ngf = 4, Norm = NormKind.instance };
        using var net = NetworkFactory.CreateGenerator(g);
        using var session = Ort.Open(OnnxExporter.Export(net, g));

        var map = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("AtoB", map[ModelDescription.Direction]);
        Assert.Equal("4", map[ModelDescription.SizeMultiple]);
        Assert.Equal("resnet_2blocks", map[ModelDescription.NetG]);
        Assert.Equal("instance", map[ModelDescription.Norm]);
        Assert.Equal("false", map[ModelDescription.BatchNormFolded]);
        Assert.False(map.ContainsKey(ModelDescription.TrainingOptions));
    }

    [Fact]
    public void ExplicitDirectionWinsOverTrainingOptions()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Resnet(1), Ngf = 4 };
        var training = new TrainOptions { Name = "x", Data = new DataOptions { Dataroot = "d", Direction = Direction.AtoB }, G = g };
        using var net = NetworkFactory.CreateGenerator(g);
        var model = OnnxExporter.Export(net, g, new ExportOptions { Training = training, Direction = Direction.BtoA });

        Assert.Equal("BtoA", model.MetadataProps.Single(p => p.Key == ModelDescription.Direction).Value);
    }

    [Fact]
    public void InputAndOutputHaveSymbolicBatchHeightAndWidth()
    {
        using var net = NetworkFactory.CreateGenerator(UnetG);
        using var session = Ort.Open(OnnxExporter.Export(net, UnetG));

        Assert.Equal("input", Assert.Single(session.InputNames));
        Assert.Equal("output", Assert.Single(session.OutputNames));
        var input = session.InputMetadata["input"];
        var output = session.OutputMetadata["output"];
        Assert.Equal(TensorElementType.Float, input.ElementDataType);
        Assert.Equal(TensorElementType.Float, output.ElementDataType);
        Assert.Equal(new[] { -1, 1, -1, -1 }, input.Dimensions);
        Assert.Equal(new[] { -1, 3, -1, -1 }, output.Dimensions);
        Assert.Equal(new[] { "batch", "", "height", "width" }, input.SymbolicDimensions);
        Assert.Equal(new[] { "batch", "", "height", "width" }, output.SymbolicDimensions);
    }
}
