using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pix2Pix.Training.Reports;

/// <summary>A redrawn Spectre.Console display: epoch and total bars with rate and ETAs, then the current losses.</summary>
internal sealed class LiveProgressView : IProgressView
{
    private const int BarWidth = 32;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(150);

    private readonly IAnsiConsole _console;
    private readonly TimeProvider _time;
    private readonly ManualResetEventSlim _started = new();
    private readonly ManualResetEventSlim _stop = new();
    private readonly Task _display;
    private readonly object _gate = new();
    private LiveDisplayContext? _context;
    private ProgressSnapshot? _latest;
    private long _lastRefresh;

    public LiveProgressView(IAnsiConsole console, TimeProvider time)
    {
        _console = console;
        _time = time;
        _display = Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);
        _started.Wait();
        if (_context is null) _display.GetAwaiter().GetResult();
    }

    public void Show(ProgressSnapshot snapshot)
    {
        lock (_gate)
        {
            _latest = snapshot;
            long now = _time.GetTimestamp();
            bool epochDone = snapshot.EpochIter >= snapshot.ItersPerEpoch;
            if (!epochDone && _time.GetElapsedTime(_lastRefresh, now) < RefreshInterval) return;
            _lastRefresh = now;
            Redraw();
        }
    }

    public void Message(string text)
    {
        lock (_gate)
            _console.Write(new ErasedLines(new Text(text + Environment.NewLine)));
    }

    public void Dispose()
    {
        lock (_gate)
            Redraw();
        _stop.Set();
        _display.Wait();
        _started.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        try
        {
            _console.Live(Render(null)).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).Start(context =>
            {
                _context = context;
                _started.Set();
                _stop.Wait();
            });
        }
        finally
        {
            _started.Set();
        }
    }

    private void Redraw()
    {
        if (_context is null) return;
        _context.UpdateTarget(Render(_latest));
        _context.Refresh();
    }

    private static IRenderable Render(ProgressSnapshot? s)
    {
        if (s is null) return new Markup("[grey]starting...[/]");
        var bars = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap())
            .AddColumn(new GridColumn().NoWrap().RightAligned()).AddColumn(new GridColumn().NoWrap());
        bars.AddRow(
            new Markup($"[bold]epoch {s.Epoch}/{s.TotalEpochs}[/]"),
            new Markup(Bar(s.EpochFraction, "green")),
            new Markup($"{s.EpochIter}/{s.ItersPerEpoch}"),
            new Markup($"[grey]{s.Rate}  epoch ETA {ProgressSnapshot.Duration(s.EpochEta)}[/]"));
        bars.AddRow(
            new Markup("[bold]total[/]"),
            new Markup(Bar(s.TotalFraction, "blue")),
            new Markup(string.Create(CultureInfo.InvariantCulture, $"{s.TotalFraction * 100:0.0}%")),
            new Markup($"[grey]elapsed {ProgressSnapshot.Duration(s.Elapsed)}  ETA {ProgressSnapshot.Duration(s.TotalEta)}[/]"));
        var losses = new Markup(
            $"G_GAN [#1f77b4]{ProgressSnapshot.Loss(s.Losses.G_GAN)}[/]  G_L1 [#ff7f0e]{ProgressSnapshot.Loss(s.Losses.G_L1)}[/]  " +
            $"D_real [#2ca02c]{ProgressSnapshot.Loss(s.Losses.D_real)}[/]  D_fake [#d62728]{ProgressSnapshot.Loss(s.Losses.D_fake)}[/]  " +
            $"[grey]lr {ProgressSnapshot.LearningRate(s.Lr)}[/]");
        return new Rows(bars, losses);
    }

    private static string Bar(double fraction, string color)
    {
        int filled = (int)Math.Round(fraction * BarWidth);
        return $"[{color}]{new string('━', filled)}[/][grey23]{new string('━', BarWidth - filled)}[/]";
    }
}
