using Pix2Pix.Training.Options;

namespace Pix2Pix.Training.Tests;

/// <summary>Learning-rate factors equal the official schedulers' formulas.</summary>
public sealed class ScheduleTests
{
    private static TrainOptions With(LrPolicy p, int nEpochs = 100, int nDecay = 100, int epochCount = 1, int decayIters = 50) =>
        new() { Name = "s", Data = new DataOptions { Dataroot = "." }, LrPolicy = p, NEpochs = nEpochs, NEpochsDecay = nDecay, EpochCount = epochCount, LrDecayIters = decayIters };

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(99, 1.0)]
    [InlineData(100, 1.0 - 1.0 / 101)]
    [InlineData(150, 1.0 - 51.0 / 101)]
    [InlineData(199, 1.0 - 100.0 / 101)]
    public void LinearKeepsThenDecays(int epoch, double factor) =>
        Assert.Equal(factor, new LrSchedule(With(LrPolicy.linear)).Factor(epoch), 12);

    [Fact]
    public void LinearHonoursEpochCount() =>
        Assert.Equal(1.0 - 11.0 / 101, new LrSchedule(With(LrPolicy.linear, epochCount: 11)).Factor(100), 12);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(49, 1.0)]
    [InlineData(50, 0.1)]
    [InlineData(120, 0.01)]
    public void StepDividesByTenEveryDecayIters(int epoch, double factor) =>
        Assert.Equal(factor, new LrSchedule(With(LrPolicy.step)).Factor(epoch), 12);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(50, 0.5)]
    [InlineData(100, 0.0)]
    [InlineData(25, 0.8535533905932737)]
    public void CosineAnnealsToZeroOverNEpochs(int epoch, double factor) =>
        Assert.Equal(factor, new LrSchedule(With(LrPolicy.cosine)).Factor(epoch), 12);

    [Fact]
    public void PlateauCutsByFiveAfterSixEpochsWithoutOnePercentGain()
    {
        var s = new LrSchedule(With(LrPolicy.plateau));
        s.ObservePlateauMetric(1.0);
        for (var i = 0; i < 5; i++) s.ObservePlateauMetric(0.995);
        Assert.Equal(1.0, s.Factor(0));
        s.ObservePlateauMetric(0.995);
        Assert.Equal(0.2, s.Factor(0), 12);
        s.ObservePlateauMetric(0.5);
        Assert.Equal(0.2, s.Factor(0), 12);
    }
}
