using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Pix2Pix.Imaging.Tests;

/// <summary>
/// CPU time of the calling thread (getrusage RUSAGE_THREAD), so timing assertions hold on a machine busy with other builds;
/// falls back to wall-clock time where that call is not available.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int RusageThread = 1;

    public static TimeSpan Measure(Action action)
    {
        if (!TryNow(out var before))
        {
            var watch = Stopwatch.StartNew();
            action();
            return watch.Elapsed;
        }
        action();
        TryNow(out var after);
        return after - before;
    }

    private static bool TryNow(out TimeSpan time)
    {
        time = default;
        if (!OperatingSystem.IsLinux() || getrusage(RusageThread, out var usage) != 0)
            return false;
        time = TimeSpan.FromMicroseconds(usage.UserSec * 1e6 + usage.UserUsec + usage.SystemSec * 1e6 + usage.SystemUsec);
        return true;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSec, UserUsec, SystemSec, SystemUsec;
        private long _maxrss, _ixrss, _idrss, _isrss, _minflt, _majflt, _nswap, _inblock, _oublock, _msgsnd, _msgrcv, _nsignals, _nvcsw, _nivcsw;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);
}
