namespace Pix2Pix.Training.Tests;

/// <summary>The embedded default visibly learns, at reduced size so it fits in a test.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"p2p-demo-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    [Fact]
    public void ReducedDemoHalvesL1AndReaches20Db()
    {
        var result = Demo.Run(new DemoOptions(_root, Size: 32, TrainCount: 96, ValCount: 8, TestCount: 16, Epochs: 3, Ngf: 16));

        Assert.True(result.Trained.L1 <= result.Untrained.L1 / 2, $"L1 {result.Untrained.L1:F4} → {result.Trained.L1:F4}");
        Assert.True(result.Trained.Psnr >= 20, $"PSNR {result.Trained.Psnr:F2} dB");
        Assert.True(result.Learned);
        Assert.True(File.Exists(result.ResultsPath));
        Assert.True(File.Exists(result.Checkpoint));
    }
}
