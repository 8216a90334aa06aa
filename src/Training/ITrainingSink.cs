namespace Pix2Pix.Training;

/// <summary>What a finished epoch produced, for logs and reports.</summary>
/// <param name="Samples">Up to a few (real_A, fake_B, real_B) CHW images in [-1, 1] from the validation split (or train when there is none).</param>
public sealed record EpochSummary(int Epoch, double Seconds, double LearningRate, double? ValL1, double? ValPsnr,
                                  IReadOnlyList<(float[] RealA, float[] FakeB, float[] RealB, int InputNc, int OutputNc, int Height, int Width)> Samples);

/// <summary>Receives training events: progress display, loss log, report. The trainer works without one.</summary>
public interface ITrainingSink : IDisposable
{
    void Started(TrainingState state, int itersPerEpoch);
    void Step(TrainingState state, StepLosses losses, double learningRate);
    void EpochEnd(EpochSummary summary);
    void Message(string text);
}
