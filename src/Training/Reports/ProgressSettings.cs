using Spectre.Console;

namespace Pix2Pix.Training.Reports;

/// <summary>How <see cref="TrainingProgress"/> shows itself.</summary>
public sealed record ProgressSettings
{
    /// <summary>Live display (true) or plain lines (false); by default live only on an interactive terminal outside CI.</summary>
    public bool? Interactive { get; init; }

    /// <summary>Where plain lines go; standard output by default.</summary>
    public TextWriter? PlainOutput { get; init; }

    /// <summary>Console of the live display; Spectre's default console by default.</summary>
    public IAnsiConsole? Console { get; init; }

    /// <summary>Least time between two plain progress lines (the last iteration of an epoch is always printed).</summary>
    public TimeSpan PlainInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for rates and intervals.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
