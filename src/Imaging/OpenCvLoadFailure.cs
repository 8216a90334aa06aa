using System.Text.RegularExpressions;

namespace Pix2Pix.Imaging;

/// <summary>
/// Turns the dynamic loader's report about libOpenCvSharpExtern.so into one message that names the missing libraries and
/// the Debian/Ubuntu packages that provide them.
/// </summary>
internal static partial class OpenCvLoadFailure
{
    /// <summary>The packages OpenCvSharp's official linux-x64 runtime needs beyond a minimal Debian 12 (opencvsharp #2065).</summary>
    public static IReadOnlyList<string> RuntimePackages { get; } = ["libgtk-3-0", "libdrm2", "libatomic1"];

    /// <summary>
    /// The direct dependencies (DT_NEEDED) of libOpenCvSharpExtern.so in OpenCvSharp4.official.runtime.linux-x64
    /// 4.13.0.20261107 outside glibc, with the Debian 12 package of each.
    /// </summary>
    public static IReadOnlyDictionary<string, string> KnownDependencies { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["libgtk-3.so.0"] = "libgtk-3-0",
        ["libgdk-3.so.0"] = "libgtk-3-0",
        ["libdrm.so.2"] = "libdrm2",
        ["libatomic.so.1"] = "libatomic1",
        ["libpangocairo-1.0.so.0"] = "libpangocairo-1.0-0",
        ["libpango-1.0.so.0"] = "libpango-1.0-0",
        ["libatk-1.0.so.0"] = "libatk1.0-0",
        ["libcairo-gobject.so.2"] = "libcairo-gobject2",
        ["libcairo.so.2"] = "libcairo2",
        ["libgdk_pixbuf-2.0.so.0"] = "libgdk-pixbuf-2.0-0",
        ["libgio-2.0.so.0"] = "libglib2.0-0",
        ["libgobject-2.0.so.0"] = "libglib2.0-0",
        ["libglib-2.0.so.0"] = "libglib2.0-0",
        ["libfreetype.so.6"] = "libfreetype6",
        ["libharfbuzz.so.0"] = "libharfbuzz0b",
        ["libX11.so.6"] = "libx11-6",
        ["libstdc++.so.6"] = "libstdc++6",
        ["libgcc_s.so.1"] = "libgcc-s1",
    };

    /// <summary>The libraries the loader says it could not open, other than OpenCvSharp's own, in the order it names them.</summary>
    public static IReadOnlyList<string> MissingLibraries(string loaderText) =>
        MissingLibrary().Matches(loaderText)
            .Select(m => m.Groups["name"].Value)
            .Where(name => !name.Contains("OpenCvSharpExtern", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The package that provides <paramref name="library"/>, or null when it is not one of the known dependencies.</summary>
    public static string? PackageOf(string library)
    {
        if (KnownDependencies.TryGetValue(library, out string? package)) return package;
        // Another version of a known library (libgtk-3.so.1...) still comes from the same package family.
        string stem = library.Split(".so", 2)[0];
        return KnownDependencies.FirstOrDefault(d => d.Key.Split(".so", 2)[0] == stem).Value;
    }

    /// <summary>Builds the exception for a failed load from the loader's text and the dependencies found missing by trying each.</summary>
    /// <param name="loaderText">The loader's message (the <see cref="DllNotFoundException"/> text, which carries dlerror's lines).</param>
    /// <param name="alsoMissing">Known dependencies that did not load on their own.</param>
    /// <param name="inner">The loader's exception.</param>
    public static OpenCvUnavailableException Build(string loaderText, IEnumerable<string> alsoMissing, Exception? inner)
    {
        List<string> missing = [.. MissingLibraries(loaderText).Concat(alsoMissing).Distinct(StringComparer.Ordinal)];
        if (missing.Count > 0)
        {
            List<string> packages = [.. missing.Select(l => PackageOf(l) ?? "").Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];
            List<string> install = [.. RuntimePackages.Union(packages, StringComparer.Ordinal)];
            string which = packages.Count == 0 ? "" : $" ({(packages.Count == 1 ? "package" : "packages")} {string.Join(", ", packages)})";
            string message =
                $"OpenCV could not be loaded: OpenCvSharp's native library libOpenCvSharpExtern.so needs {string.Join(", ", missing)}, " +
                $"which this machine lacks{which}. Install it with: sudo apt-get install {string.Join(' ', install)} " +
                "(scripts/bootstrap.sh does this).";
            return new OpenCvUnavailableException(message, missing, packages, inner);
        }
        string reason = FirstLoaderLine(loaderText);
        string hint = reason.Contains("cannot open shared object file", StringComparison.Ordinal) || reason.Length == 0
            ? "libOpenCvSharpExtern.so was not found next to the program; it comes with the NuGet package OpenCvSharp4.official.runtime.linux-x64 " +
              "(a build for linux-x64 copies it into the output folder)."
            : $"the loader said: {reason}";
        return new OpenCvUnavailableException($"OpenCV could not be loaded: {hint}", [], [], inner);
    }

    private static string FirstLoaderLine(string loaderText) =>
        loaderText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains(".so", StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal) && !line.StartsWith("Unable to load", StringComparison.Ordinal))
            .DefaultIfEmpty("")
            .First();

    [GeneratedRegex(@"(?<name>[A-Za-z0-9_.+\-]+\.so(?:\.[0-9]+)*): cannot open shared object file")]
    private static partial Regex MissingLibrary();
}
