using Spectre.Console;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// What the trainer shows while it runs: epoch and overall progress, iterations per second, ETAs, the latest losses and
/// the learning rate. On an interactive terminal it is a live Spectre.Console display; when output is redirected or in CI
/// it prints a plain line now and then (and at the end of every epoch), as it does when another live display is already running. While it is live, write through
/// <see cref="Message"/> rather than the console, so lines land above the display.
/// </summary>
public sealed class TrainingProgress : IDisposable
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(20);

    private readonly IProgressView _view;
    private readonly TimeProvider _time;
    private readonly RateMeter _rate = new(RateWindow);
    private readonly long _started;
    private readonly object _gate = new();
    private bool _disposed;

    private TrainingProgress(int totalEpochs, int itersPerEpoch, ProgressSettings settings)
    {
        TotalEpochs = totalEpochs;
        ItersPerEpoch = itersPerEpoch;
        _time = settings.Time;
        _started = _time.GetTimestamp();
        IProgressView? live = settings.Interactive ?? DetectInteractive(settings.Console) ? TryLive(settings) : null;
        _view = live ?? new PlainProgressView(settings.PlainOutput ?? Console.Out, settings.PlainInterval, _time);
        IsLive = _view is LiveProgressView;
    }

    public int TotalEpochs { get; }

    public int ItersPerEpoch { get; }

    /// <summary>True for the live display, false for plain lines.</summary>
    public bool IsLive { get; }

    /// <summary>Starts showing progress of a run of <paramref name="totalEpochs"/> epochs of <paramref name="itersPerEpoch"/> iterations.</summary>
    public static TrainingProgress Start(int totalEpochs, int itersPerEpoch, ProgressSettings? settings = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalEpochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(itersPerEpoch);
        return new TrainingProgress(totalEpochs, itersPerEpoch, settings ?? new ProgressSettings());
    }

    /// <summary>Reports iteration <paramref name="epochIter"/> (1-based) of <paramref name="epoch"/> (1-based) with its losses.</summary>
    public void Update(int epoch, int epochIter, StepLosses losses, double lr)
    {
        lock (_gate)
        {
            if (_disposed) return;
            long now = _time.GetTimestamp();
            long done = (long)(epoch - 1) * ItersPerEpoch + epochIter;
            double rate = _rate.Observe(now, done, _time);
            _view.Show(new ProgressSnapshot(epoch, TotalEpochs, epochIter, ItersPerEpoch, done, (long)TotalEpochs * ItersPerEpoch,
                rate, _time.GetElapsedTime(_started, now), losses, lr));
        }
    }

    /// <summary>Prints a line (a checkpoint saved, validation results...) without disturbing the display.</summary>
    public void Message(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
            if (!_disposed) _view.Message(text);
    }

    /// <summary>Shows the final state and stops the display.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _view.Dispose();
        }
    }

    private LiveProgressView? TryLive(ProgressSettings settings)
    {
        try
        {
            return new LiveProgressView(settings.Console ?? AnsiConsole.Console, _time);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool DetectInteractive(IAnsiConsole? console)
    {
        if (console is not null) return console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
        return !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi;
    }
}
