using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pix2Pix.Onnx;
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
        Assert.Equal("BtoA", map[GeneratorMetadata.DirectionKey]);
        Assert.Equal("1", map[GeneratorMetadata.InputNcKey]);
        Assert.Equal("3", map[GeneratorMetadata.OutputNcKey]);
        Assert.Equal("[-1,1]: x/127.5-1", map[GeneratorMetadata.NormalizationKey]);
        Assert.Equal("64", map[GeneratorMetadata.SizeMultipleKey]);
        Assert.Equal("unet_64", map[GeneratorMetadata.NetGKey]);
        Assert.Equal("4", map[GeneratorMetadata.NgfKey]);
        Assert.Equal("batch", map[GeneratorMetadata.NormKey]);
        Assert.Equal("true", map[GeneratorMetadata.BatchNormFoldedKey]);
        var json = JsonDocument.Parse(map[GeneratorMetadata.TrainingOptionsKey]).RootElement;
        Assert.Equal("facades", json.GetProperty("name").GetString());
        Assert.Equal(training, OptionsJson.Deserialize<TrainOptions>(map[GeneratorMetadata.TrainingOptionsKey]));
        Assert.Equal("256", map[GeneratorMetadata.CropSizeKey]);

        var read = GeneratorMetadata.Read(map, "m");
        Assert.Equal(("BtoA", 1, 3, 64, "unet_64", 256), (read.Direction, read.InputNc, read.OutputNc, read.SizeMultiple, read.NetG, read.CropSize));
    }

    [Fact]
    public void ReaderTakesPrefixedKeysAndTheTrainingOptionsCropSizeOfOlderExports()
    {
        var old = GeneratorMetadata.Read(new Dictionary<string, string>
        {
            ["pix2pix.direction"] = "AtoB", ["pix2pix.size_multiple"] = "128",
            ["training_options"] = "{\"name\": \"x\", \"data\": {\"crop_size\": 128, \"load_size\": 143}}",
        }, "old.onnx");
        Assert.Equal(("AtoB", 128, 128), (old.Direction, old.SizeMultiple, old.CropSize));
        Assert.Null(old.InputNc);

        var none = GeneratorMetadata.Read(new Dictionary<string, string>(), "bare.onnx");
        Assert.Equal((1, (int?)null, (string?)null), (none.SizeMultiple, none.CropSize, none.Direction));
    }

    [Theory]
    [InlineData("size_multiple", "0")]
    [InlineData("size_multiple", "-4")]
    [InlineData("input_nc", "three")]
    [InlineData("crop_size", "256.0")]
    [InlineData("direction", "sideways")]
    public void ReaderRejectsBadEntriesNamingTheModelAndTheKey(string key, string value)
    {
        var e = Assert.Throws<InvalidDataException>(() => GeneratorMetadata.Read(new Dictionary<string, string> { [key] = value }, "g.onnx"));
        Assert.Contains("'g.onnx'", e.Message);
        Assert.Contains($"{key} = '{value}'", e.Message);
    }

    [Fact]
    public void CommittedDemoModelReadsItsTrainingCropSize()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(RepoPaths.Root, "onnx", "demo_unet64.onnx")));
        var meta = GeneratorMetadata.Read(model, "demo_unet64.onnx");
        Assert.Equal((64, 64, "unet_64"), (meta.CropSize!.Value, meta.SizeMultiple, meta.NetG));
    }


    [Fact]
    public void BareWeightsHaveNoTrainingOptionsAndDefaultToAtoB()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Resnet(2), Ngf = 4, Norm = NormKind.instance };
        using var net = NetworkFactory.CreateGenerator(g);
        using var session = Ort.Open(OnnxExporter.Export(net, g));

        var map = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal("AtoB", map[GeneratorMetadata.DirectionKey]);
        Assert.Equal("4", map[GeneratorMetadata.SizeMultipleKey]);
        Assert.Equal("resnet_2blocks", map[GeneratorMetadata.NetGKey]);
        Assert.Equal("instance", map[GeneratorMetadata.NormKey]);
        Assert.Equal("false", map[GeneratorMetadata.BatchNormFoldedKey]);
        Assert.False(map.ContainsKey(GeneratorMetadata.TrainingOptionsKey));
        Assert.Null(GeneratorMetadata.Read(map, "bare").CropSize);
    }

    [Fact]
    public void ExplicitDirectionWinsOverTrainingOptions()
    {
        var g = new GeneratorOptions { NetG = NetGKind.Resnet(1), Ngf = 4 };
        var training = new TrainOptions { Name = "x", Data = new DataOptions { Dataroot = "d", Direction = Direction.AtoB }, G = g };
        using var net = NetworkFactory.CreateGenerator(g);
        var model = OnnxExporter.Export(net, g, new ExportOptions { Training = training, Direction = Direction.BtoA });

        Assert.Equal("BtoA", model.MetadataProps.Single(p => p.Key == GeneratorMetadata.DirectionKey).Value);
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
