using Google.Protobuf;
using Pix2Pix.Onnx.Rewrites;
using Pix2Pix.Onnx;
using Microsoft.ML.OnnxRuntime;
using Pix2Pix.Tests.Shared;
using Pix2Pix.Training;
using Pix2Pix.Training.Networks;
using Xunit.Abstractions;

namespace Pix2Pix.Export.Tests;

/// <summary>The exporter moves each skip Concat's Relu onto its halves (<see cref="SkipRelus"/>), exactly and reversibly.</summary>
public sealed class SkipReluTests(ITestOutputHelper log)
{
    private const int NumDowns = 6;
    private static readonly GeneratorOptions G = new() { NetG = NetGKind.Unet(NumDowns), Ngf = 8, Norm = NormKind.batch };

    public static TheoryData<ConvTransposeForm> Forms => [ConvTransposeForm.Auto, ConvTransposeForm.ConvTranspose, ConvTransposeForm.SubPixel, ConvTransposeForm.SubPixelPhases];

    [Theory, MemberData(nameof(Forms))]
    public void EverySkipConcatLosesItsReluAndRaisingGivesItBackWithTheSameOutput(ConvTransposeForm form)
    {
        var sunk = Export(form);
        var producers = sunk.Graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var relus = sunk.Graph.Node.Where(n => n.OpType == "Relu").ToList();
        Assert.DoesNotContain(relus, r => producers[r.Input[0]].OpType == "Concat");
        // One Relu(LeakyRelu(x)) per skip block: every U-Net block but the outermost has a skip Concat.
        Assert.Equal(NumDowns - 1, relus.Count(r => producers[r.Input[0]].OpType == "LeakyRelu"));

        var raised = sunk.Clone();
        Assert.Equal(NumDowns - 1, SkipRelus.Raise(raised.Graph));
        var raisedProducers = raised.Graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        Assert.Equal(NumDowns - 1, raised.Graph.Node.Count(n => n.OpType == "Relu" && raisedProducers[n.Input[0]].OpType == "Concat"));
        Assert.DoesNotContain(raised.Graph.Node, n => n.OpType == "Relu" && raisedProducers[n.Input[0]].OpType == "LeakyRelu");

        long[] shape = [2, 3, 64, 64];
        var x = RandomGenerators.Input(shape).ToHostFloats();
        var diff = Compare.MaxAbsDiff(Ort.Run(sunk, x, shape), Ort.Run(raised, x, shape));
        log.WriteLine($"{form}: {relus.Count} Relus sunk, max |sunk - raised| = {diff:E2}");
        Assert.True(diff <= 1e-6, $"sunk and raised graphs differ by {diff:E2}");

        var again = raised.Clone();
        Assert.Equal(NumDowns - 1, SkipRelus.Sink(again.Graph));
        Assert.Equal(sunk.Graph.Node.Select(n => n.OpType).Order(), again.Graph.Node.Select(n => n.OpType).Order());
    }

    [Fact]
    public void OnnxRuntimeFusesTheSunkActivationsIntoTheConvolutions()
    {
        int Standalone(ModelProto model, string opType)
        {
            var path = Path.Combine(Path.GetTempPath(), $"pix2pix-skiprelu-{Guid.NewGuid():N}.onnx");
            try
            {
                using (var options = new SessionOptions { IntraOpNumThreads = 1, OptimizedModelFilePath = path })
                using (new InferenceSession(model.ToByteArray(), options)) { }
                return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node.Count(n => n.OpType == opType);
            }
            finally
            {
                File.Delete(path);
            }
        }

        var sunk = Export(ConvTransposeForm.Auto);
        var raised = sunk.Clone();
        SkipRelus.Raise(raised.Graph);
        int sunkRelus = Standalone(sunk, "Relu"), raisedRelus = Standalone(raised, "Relu");
        int sunkLeaky = Standalone(sunk, "LeakyRelu"), raisedLeaky = Standalone(raised, "LeakyRelu");
        log.WriteLine($"standalone after ONNX Runtime's fusions: Relu {raisedRelus} → {sunkRelus}, LeakyRelu {raisedLeaky} → {sunkLeaky}");
        Assert.Equal(NumDowns - 1, raisedLeaky);
        Assert.Equal(0, sunkLeaky);
        // Left standalone: the Relu on each skip half, and one after each ConvTranspose (narrow layers at ngf 8), which ONNX Runtime does not fuse.
        var convTransposeOutputs = sunk.Graph.Node.Where(n => n.OpType == "ConvTranspose").Select(n => n.Output[0]).ToHashSet();
        int afterConvTranspose = sunk.Graph.Node.Count(n => n.OpType == "Relu" && convTransposeOutputs.Contains(n.Input[0]));
        Assert.InRange(afterConvTranspose, 1, NumDowns - 2);
        Assert.Equal(NumDowns - 1 + afterConvTranspose, sunkRelus);
    }

    [Fact]
    public void ANegativeLeakySlopeIsLeftAlone()
    {
        var raised = Export(ConvTransposeForm.Auto);
        SkipRelus.Raise(raised.Graph);
        foreach (var leaky in raised.Graph.Node.Where(n => n.OpType == "LeakyRelu"))
            leaky.Attribute.Single(a => a.Name == "alpha").F = -0.1f;
        Assert.Equal(0, SkipRelus.Sink(raised.Graph));
    }

    [Fact]
    public void ASkipReadByTwoLeakyRelusIsLeftAlone()
    {
        var raised = Export(ConvTransposeForm.Auto);
        SkipRelus.Raise(raised.Graph);
        var leaky = raised.Graph.Node.First(n => n.OpType == "LeakyRelu" && raised.Graph.Node.Any(c => c.OpType == "Concat" && c.Input[0] == n.Input[0]));
        var twin = leaky.Clone();
        twin.Name += ".twin";
        twin.Output[0] += ".twin";
        raised.Graph.Node.Insert(raised.Graph.Node.IndexOf(leaky) + 1, twin);
        Assert.Equal(NumDowns - 2, SkipRelus.Sink(raised.Graph));
    }

    private static ModelProto Export(ConvTransposeForm form)
    {
        using var net = RandomGenerators.Create(G, seed: 11);
        return OnnxExporter.Export(net, G, new ExportOptions { ConvTransposeAs = form });
    }
}
