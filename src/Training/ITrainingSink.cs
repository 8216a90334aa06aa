namespace Pix2Pix.Training;

/// <summary>What a finished epoch produced, for logs and reports; samples come from the val split, or train when there is none.</summary>
public sealed record EpochSummary(int Epoch, double Seconds, double LearningRate, EpochMetrics Metrics);

/// <summary>Receives training events: progress display, loss log, report. The trainer works without one.</summary>
public interface ITrainingSink : IDisposable
{
    void Started(TrainingState state, int itersPerEpoch);
    void Step(TrainingState state, StepLosses losses, double learningRate);
    void EpochEnd(EpochSummary summary);
    void Message(string text);
}
