using System.Reflection;
using System.Runtime.InteropServices;
using OpenCvSharp;

namespace Pix2Pix.Imaging;

/// <summary>
/// Loads OpenCvSharp's native library once, before anything else of this module touches OpenCV, so that a machine without
/// its system libraries gets one <see cref="OpenCvUnavailableException"/> naming the missing packages instead of
/// OpenCvSharp's type-initializer failure.
/// </summary>
public static class OpenCvRuntime
{
    private const string LibraryName = "OpenCvSharpExtern";

    private static readonly Lazy<OpenCvUnavailableException?> Failure = new(LoadOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the native library loaded.</summary>
    public static bool IsAvailable => Failure.Value is null;

    /// <summary>OpenCV's version, e.g. "4.13.0".</summary>
    /// <exception cref="OpenCvUnavailableException">The native library could not be loaded.</exception>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            return Cv2.GetVersionString();
        }
    }

    /// <summary>OpenCvSharp's version as its assembly states it (informational version without the commit), e.g. "4.13.0.20261107-beta".</summary>
    public static string OpenCvSharpVersion =>
        typeof(Mat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Mat).Assembly.GetName().Version?.ToString() ?? "?";

    /// <summary>
    /// Loads the native library on the first call (and sets OpenCV's log level to errors only: the warnings it prints for
    /// corrupt files are reported by this module's exceptions instead); later calls only check the outcome.
    /// </summary>
    /// <exception cref="OpenCvUnavailableException">The native library or one of its system libraries is missing.</exception>
    public static void EnsureLoaded()
    {
        if (Failure.Value is { } failure)
            throw new OpenCvUnavailableException(failure.Message, failure.MissingLibraries, failure.Packages, failure.InnerException);
    }

    /// <summary>
    /// One message that says why OpenCV could not be used, when <paramref name="error"/> (or an exception inside it) is the
    /// failure to load its native library; otherwise null.
    /// </summary>
    public static string? DescribeLoadFailure(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OpenCvUnavailableException unavailable:
                    return unavailable.Message;
                case TypeInitializationException { TypeName: { } type } when type.StartsWith("OpenCvSharp", StringComparison.Ordinal):
                case DllNotFoundException when e.Message.Contains(LibraryName, StringComparison.Ordinal):
                    return Failure.Value?.Message ?? OpenCvLoadFailure.Build(AllMessages(e), [], e).Message;
            }
        }
        return null;
    }

    /// <summary>Loads the library at <paramref name="path"/>, or by OpenCvSharp's own name and search rules when null; the failure, or null.</summary>
    internal static OpenCvUnavailableException? TryLoad(string? path)
    {
        try
        {
            if (path is null)
                NativeLibrary.Load(LibraryName, typeof(Mat).Assembly, null);
            else
                NativeLibrary.Load(path);
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            var alsoMissing = OpenCvLoadFailure.KnownDependencies.Keys.Where(l => !NativeLibrary.TryLoad(l, out _));
            return OpenCvLoadFailure.Build(e.Message, alsoMissing, e);
        }
    }

    private static OpenCvUnavailableException? LoadOnce()
    {
        if (TryLoad(null) is { } failure) return failure;
        Cv2.SetLogLevel(LogLevel.ERROR);
        return null;
    }

    private static string AllMessages(Exception e)
    {
        var text = new System.Text.StringBuilder();
        for (Exception? x = e; x is not null; x = x.InnerException) text.AppendLine(x.Message);
        return text.ToString();
    }
}
