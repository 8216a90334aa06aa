namespace Pix2Pix.Benchmarks;

/// <summary>The 1-minute load average, printed with results because the development machine's cores are shared.</summary>
internal static class MachineLoad
{
    public static string Now() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
