using System.Reflection;
using Xunit.Abstractions;
using Google.Protobuf;
using Microsoft.ML;
using OpenCvSharp;
using Pix2Pix.Export;
using Pix2Pix.Imaging;
using Pix2Pix.Inference;
using Pix2Pix.Inference.MLNet;
using Pix2Pix.Onnx;
using Pix2Pix.Onnx.Quantization;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;
using Pix2Pix.Training.Synthetic;

namespace Pix2Pix.Consumer.Tests;

/// <summary>
/// What an application built on the NuGet packages does, once for all the tests: generate pairs, train a few steps,
/// export the generator to ONNX and quantize it to int8, all through the packages' public API.
/// </summary>
public sealed class TrainedModels : IDisposable
{
    public const int Size = 32;
    public const int Epochs = 4;
    private const int TrainPairs = 16, ValPairs = 2, TestPairs = 4;

    public TrainedModels()
    {
        Root = Path.Combine(Path.GetTempPath(), $"pix2pix-consumer-{Guid.NewGuid():N}");
        var data = SyntheticPairs.WriteAligned(Path.Combine(Root, "data"), new SyntheticOptions(Size, TrainPairs + ValPairs + TestPairs, Seed: 7), TrainPairs, ValPairs, TestPairs);
        var options = new TrainOptions
        {
            Name = "consumer", CheckpointsDir = Path.Combine(Root, "checkpoints"),
            Data = new DataOptions { Dataroot = data, LoadSize = Size + 4, CropSize = Size, BatchSize = 2, NumWorkers = 1 },
            G = new GeneratorOptions { NetG = NetGKind.Unet(int.Log2(Size)), Ngf = 8 },
            D = new DiscriminatorOptions { Ndf = 8 },
            Lr = 1e-3, NEpochs = Epochs, NEpochsDecay = 0, SaveEpochFreq = int.MaxValue, Seed = 3, Threads = 2, Device = "cpu",
        };
        var result = new Trainer(options, Losses).Run();
        CheckpointPath = result.LatestCheckpoint;

        var (g, netG) = Checkpoint.LoadGenerator(CheckpointPath);
        using (netG)
            Float32 = OnnxExporter.Export(netG, g, new ExportOptions { Training = Checkpoint.ReadOptions(CheckpointPath) });
        Float32Path = Path.Combine(Root, "generator.onnx");
        OnnxExporter.Save(Float32, Float32Path);

        Int8 = Quantizer.Quantize(Float32, Path.Combine(data, "train"), new QuantizeOptions { AlignedPairs = true, ImageSize = Size, MaxImages = TrainPairs, Threads = 2 });
        Int8Path = Path.Combine(Root, "generator.int8.onnx");
        File.WriteAllBytes(Int8Path, Int8.ToByteArray());

        Labels = Path.Combine(Root, "labels");
        Directory.CreateDirectory(Labels);
        for (var i = 0; i < TestPairs; i++)
        {
            var (a, _) = SyntheticPairs.Render(TrainPairs + ValPairs + i, new SyntheticOptions(Size, TrainPairs + ValPairs + TestPairs, Seed: 7));
            using var label = Pixels.FromRgb(a, Size, Size);
            ImageCodec.Write(label, Path.Combine(Labels, $"{i:D2}.png"));
        }
    }

    public string Root { get; }
    public RecordedLosses Losses { get; } = new();
    public string CheckpointPath { get; }
    public ModelProto Float32 { get; }
    public string Float32Path { get; }
    public ModelProto Int8 { get; }
    public string Int8Path { get; }
    public string Labels { get; }
    public string[] LabelFiles => Directory.GetFiles(Labels, "*.png").Order(StringComparer.Ordinal).ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Every training step's losses, as an application's <see cref="ITrainingSink"/> would get them.</summary>
public sealed class RecordedLosses : ITrainingSink
{
    public List<(int Epoch, StepLosses Losses)> Steps { get; } = [];
    public int ItersPerEpoch { get; private set; }
    public void Started(TrainingState state, int itersPerEpoch) => ItersPerEpoch = itersPerEpoch;
    public void Step(TrainingState state, StepLosses losses, double learningRate) => Steps.Add((state.Epoch, losses));
    public void EpochEnd(EpochSummary summary) { }
    public void Message(string text) { }
    public void Dispose() { }
}

public sealed class ConsumerTests(TrainedModels models, ITestOutputHelper output) : IClassFixture<TrainedModels>
{
    [Fact]
    public void ThePix2PixAssembliesAreThePackedPackagesWithTheCpuOnnxRuntime()
    {
        var expected = typeof(ConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Pix2PixPackageVersion").Value!;
        Assembly[] ours = [typeof(Trainer).Assembly, typeof(OnnxExporter).Assembly, typeof(Quantizer).Assembly, typeof(Translator).Assembly,
                           typeof(ImageTranslationEstimator).Assembly, typeof(ImageCodec).Assembly, typeof(Pix2Pix.Weights.SafeTensors).Assembly];
        foreach (var assembly in ours)
        {
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
            Assert.Equal(expected, version);
        }
        Assert.Equal("cpu", typeof(Translator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "OnnxRuntimePackage").Value);
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so")) ||
                    File.Exists(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so")));
        Assert.Empty(Directory.GetFiles(AppContext.BaseDirectory, "libonnxruntime_providers_cuda.so", SearchOption.AllDirectories));
    }

    [Fact]
    public void TrainingLossesAreFiniteAndTheL1LossFalls()
    {
        var steps = models.Losses.Steps;
        Assert.Equal(TrainedModels.Epochs * models.Losses.ItersPerEpoch, steps.Count);
        foreach (var (_, l) in steps)
            Assert.All(new[] { l.G_GAN, l.G_L1, l.D_real, l.D_fake }, v => Assert.True(double.IsFinite(v), $"loss {v}"));
        var first = steps.Where(s => s.Epoch == steps[0].Epoch).Average(s => s.Losses.G_L1);
        var last = steps.Where(s => s.Epoch == steps[^1].Epoch).Average(s => s.Losses.G_L1);
        output.WriteLine($"{steps.Count} steps; mean λ·L1 {first:F2} in the first epoch, {last:F2} in the last");
        Assert.True(last < 0.8 * first, $"λ·L1 of the first epoch {first:F2}, of the last {last:F2}");
    }

    [Fact]
    public void TheExportedAndTheQuantizedModelsTranslateAtTheSourceSize()
    {
        Assert.Equal("pix2pix-dotnet", models.Float32.ProducerName);
        var summary = QdqSummary.Of(models.Int8);
        Assert.True(summary.QdqConvs > 0 && summary.QdqConvs == summary.Convs, $"{summary.QdqConvs} of {summary.Convs} convolutions quantized");

        using var translator = new Translator(models.Float32Path, new TranslatorOptions { IntraOpThreads = 2 });
        using var label = ImageCodec.Read(models.LabelFiles[0]);
        using var photo = translator.Translate(label);
        Assert.Equal((TrainedModels.Size, TrainedModels.Size, 3), (photo.Rows, photo.Cols, photo.Channels()));
        Assert.Equal(MatType.CV_8UC3, photo.Type());
        var pixels = Pixels.ToBytes(photo);
        output.WriteLine($"{summary.QdqConvs} of {summary.Convs} convolutions quantized; output {photo.Cols}×{photo.Rows}, values {pixels.Min()}–{pixels.Max()}");
        Assert.True(pixels.Max() - pixels.Min() > 32, $"output spans {pixels.Min()}–{pixels.Max()}");
    }

    [Fact]
    public void Int8OutputStaysCloseToFloat32()
    {
        using var fp32 = new Translator(models.Float32Path, new TranslatorOptions { IntraOpThreads = 2 });
        using var int8 = new Translator(models.Int8Path, new TranslatorOptions { IntraOpThreads = 2 });
        foreach (var file in models.LabelFiles)
        {
            using var label = ImageCodec.Read(file);
            using var a = fp32.Translate(label);
            using var b = int8.Translate(label);
            var psnr = ImageMetrics.Psnr(Pixels.ToBytes(a), Pixels.ToBytes(b));
            output.WriteLine($"{Path.GetFileName(file)}: int8 vs float32 PSNR {psnr:F1} dB");
            Assert.True(psnr >= 35, $"{Path.GetFileName(file)}: int8 vs float32 PSNR {psnr:F1} dB");
        }
    }

    [Fact]
    public void TheMlNetPipelineEqualsTheTranslator()
    {
        var ml = new MLContext(seed: 1);
        IDataView images = ml.Data.LoadFromEnumerable(models.LabelFiles.Select(f => new ImageFile { Path = f }));
        var options = new ImageTranslationOptions { ModelPath = models.Int8Path, BatchSize = 3, IntraOpThreads = 2 };
        using var model = ml.Transforms.TranslateImages("Translated", nameof(ImageFile.Path), options).Fit(images);
        var rows = ml.Data.CreateEnumerable<TranslatedFile>(model.Transform(images), reuseRowObject: false).ToList();

        Assert.Equal(models.LabelFiles, rows.Select(r => r.Path));
        using var translator = new Translator(models.Int8Path, new TranslatorOptions { IntraOpThreads = 2 });
        foreach (var row in rows)
        {
            using var label = ImageCodec.Read(row.Path);
            using var expected = translator.Translate(label);
            using var actual = ImageCodec.Decode(row.Translated);
            Assert.Equal((expected.Rows, expected.Cols, expected.Channels()), (actual.Rows, actual.Cols, actual.Channels()));
            Assert.Equal(Pixels.ToBytes(expected), Pixels.ToBytes(actual));
        }

        using var engine = ml.Model.CreatePredictionEngine<ImageFile, TranslatedFile>(model);
        using var one = ImageCodec.Decode(engine.Predict(new ImageFile { Path = models.LabelFiles[0] }).Translated);
        Assert.Equal(Pixels.ToBytes(ImageCodec.Decode(rows[0].Translated)), Pixels.ToBytes(one));
    }

    public sealed class ImageFile { public string Path { get; set; } = ""; }
    public sealed class TranslatedFile { public string Path { get; set; } = ""; public byte[] Translated { get; set; } = []; }
}
