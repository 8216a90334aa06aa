using Pix2Pix.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Tests;

/// <summary>The real optimization step runs in flat memory and leaves no tensor alive behind it.</summary>
public sealed class MemoryTests
{
    private const int Steps = 500;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FiveHundredStepsKeepMemoryAndLiveTensorsFlat(bool optimizedKernels)
    {
        var kernels = optimizedKernels ? TrainKernels.Optimized : TrainKernels.Stock;
        manual_seed(5);
        var g = new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 8 };
        using var model = new Pix2PixModel(NetworkFactory.CreateGenerator(g, subPixelUpsampling: kernels.SubPixelUpsampling),
                                           NetworkFactory.CreateDiscriminator(new DiscriminatorOptions { Ndf = 8, NetD = NetDKind.n_layers, NLayers = 2 }),
                                           kernels: kernels);
        using var a = rand([4, 3, 32, 32]) * 2 - 1;
        using var b = tanh(a.flip(3) * 1.5);
        var stats = DisposeScopeManager.Statistics;
        double first = double.NaN, last = 0;
        long rssAfter50 = 0, liveAfter50 = 0;
        for (var step = 1; step <= Steps; step++)
        {
            var losses = model.OptimizeParameters(a, b);
            if (double.IsNaN(first)) first = losses.G_L1;
            last = losses.G_L1;
            if (step == 50)
            {
                Settle();
                (rssAfter50, liveAfter50) = (ResidentBytes(), stats.ThreadTotalLiveCount);
            }
        }
        Settle();
        var growth = ResidentBytes() - rssAfter50;
        Assert.Equal(liveAfter50, stats.ThreadTotalLiveCount);
        Assert.True(growth < 24L << 20, $"resident memory grew by {growth >> 10} KiB between step 50 and step {Steps}");
        Assert.True(last < first * 0.8, $"L1 did not fall: {first} -> {last}");
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long ResidentBytes()
    {
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1]) * Environment.SystemPageSize;
    }
}
