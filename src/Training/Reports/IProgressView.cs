namespace Pix2Pix.Training.Reports;

/// <summary>Somewhere <see cref="TrainingProgress"/> shows its state.</summary>
internal interface IProgressView : IDisposable
{
    void Show(ProgressSnapshot snapshot);

    void Message(string text);
}
