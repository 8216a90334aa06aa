namespace Pix2Pix.Imaging;

/// <summary>OpenCvSharp's native library (libOpenCvSharpExtern.so) could not be loaded; the message says what is missing and how to install it.</summary>
public sealed class OpenCvUnavailableException : Exception
{
    internal OpenCvUnavailableException(string message, IReadOnlyList<string> missingLibraries, IReadOnlyList<string> packages, Exception? inner)
        : base(message, inner)
    {
        MissingLibraries = missingLibraries;
        Packages = packages;
    }

    /// <summary>Shared libraries the loader could not find, e.g. <c>libgtk-3.so.0</c>; empty when the failure was of another kind.</summary>
    public IReadOnlyList<string> MissingLibraries { get; }

    /// <summary>The Debian/Ubuntu packages that provide <see cref="MissingLibraries"/>.</summary>
    public IReadOnlyList<string> Packages { get; }
}
