using System.Text;

namespace Pix2Pix.Imaging.Tests;

/// <summary>
/// What a machine without OpenCvSharp's system libraries is told. The loader's own text is produced for real, by loading a
/// copy of libOpenCvSharpExtern.so whose need for libgtk-3.so.0 is renamed to a library no machine has.
/// </summary>
public sealed class LoadFailureTests
{
    /// <summary>The .NET 10 loader's message when libgtk-3.so.0 is missing (captured here with the need renamed, then set back).</summary>
    private const string LoaderText =
        "Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies. In order to help diagnose loading problems, " +
        "consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n" +
        "/opt/app/OpenCvSharpExtern.so: cannot open shared object file: No such file or directory\n" +
        "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/OpenCvSharpExtern.so: cannot open shared object file: No such file or directory\n" +
        "libgtk-3.so.0: cannot open shared object file: No such file or directory\n" +
        "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libOpenCvSharpExtern.so: cannot open shared object file: No such file or directory\n" +
        "/opt/app/OpenCvSharpExtern: cannot open shared object file: No such file or directory\n" +
        "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/OpenCvSharpExtern: cannot open shared object file: No such file or directory\n" +
        "/opt/app/libOpenCvSharpExtern: cannot open shared object file: No such file or directory\n" +
        "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/libOpenCvSharpExtern: cannot open shared object file: No such file or directory\n";

    [Fact]
    public void TheLoadersTextBecomesOneMessageNamingThePackages()
    {
        var e = OpenCvLoadFailure.Build(LoaderText, [], null);
        Assert.Equal(["libgtk-3.so.0"], e.MissingLibraries);
        Assert.Equal(["libgtk-3-0"], e.Packages);
        Assert.Contains("needs libgtk-3.so.0, which this machine lacks (package libgtk-3-0)", e.Message);
        Assert.Contains("sudo apt-get install libgtk-3-0 libdrm2 libatomic1", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void LibrariesFoundMissingByTryingEachAreNamedToo()
    {
        var e = OpenCvLoadFailure.Build(LoaderText, ["libdrm.so.2", "libfreetype.so.6", "libgtk-3.so.0"], null);
        Assert.Equal(["libgtk-3.so.0", "libdrm.so.2", "libfreetype.so.6"], e.MissingLibraries);
        Assert.Equal(["libgtk-3-0", "libdrm2", "libfreetype6"], e.Packages);
        Assert.Contains("sudo apt-get install libgtk-3-0 libdrm2 libatomic1 libfreetype6", e.Message);
    }

    [Fact]
    public void AMissingOpenCvSharpLibraryItselfPointsAtTheRuntimePackage()
    {
        string text = string.Join('\n', LoaderText.Split('\n').Where(l => !l.StartsWith("libgtk", StringComparison.Ordinal)));
        var e = OpenCvLoadFailure.Build(text, [], null);
        Assert.Empty(e.MissingLibraries);
        Assert.Contains("OpenCvSharp4.official.runtime.linux-x64", e.Message);
    }

    [Fact]
    public void OtherLoaderFailuresAreQuoted()
    {
        var e = OpenCvLoadFailure.Build("/opt/app/libOpenCvSharpExtern.so: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.99' not found", [], null);
        Assert.Contains("version `GLIBC_2.99' not found", e.Message);
    }

    [Theory]
    [InlineData("libgtk-3.so.0", "libgtk-3-0")]
    [InlineData("libgdk-3.so.0", "libgtk-3-0")]
    [InlineData("libgtk-3.so.9", "libgtk-3-0")]
    [InlineData("libatomic.so.1", "libatomic1")]
    [InlineData("libsomethingelse.so.4", null)]
    public void LibrariesMapToTheirPackages(string library, string? package) =>
        Assert.Equal(package, OpenCvLoadFailure.PackageOf(library));

    [Fact]
    public void ARealLoadFailureIsDescribedAndTheCliHandlerFindsIt()
    {
        string original = Path.Combine(AppContext.BaseDirectory, "libOpenCvSharpExtern.so");
        Assert.True(File.Exists(original), $"{original} is missing: the runtime package did not reach the output folder");
        byte[] library = File.ReadAllBytes(original);
        byte[] need = Encoding.ASCII.GetBytes("libgtk-3.so.0\0");
        int at = library.AsSpan().IndexOf(need);
        Assert.True(at > 0, "libOpenCvSharpExtern.so no longer names libgtk-3.so.0");
        library[at + need.Length - 2] = (byte)'9';
        string folder = Directory.CreateTempSubdirectory("p2p-opencv-load-").FullName;
        try
        {
            string patched = Path.Combine(folder, "libOpenCvSharpExtern.so");
            File.WriteAllBytes(patched, library);

            var failure = OpenCvRuntime.TryLoad(patched);

            Assert.NotNull(failure);
            Assert.IsType<DllNotFoundException>(failure.InnerException);
            Assert.Contains("libgtk-3.so.9: cannot open shared object file", failure.InnerException.Message);
            Assert.Equal(["libgtk-3.so.9"], failure.MissingLibraries);
            Assert.Contains("sudo apt-get install libgtk-3-0 libdrm2 libatomic1", failure.Message);

            // What OpenCvSharp throws when its own first P/Invoke fails: the CLI's handler turns it into the same kind of line.
            var fromOpenCvSharp = new TypeInitializationException("OpenCvSharp.Internal.NativeMethods", failure.InnerException);
            string? line = OpenCvRuntime.DescribeLoadFailure(new InvalidOperationException("outer", fromOpenCvSharp));
            Assert.NotNull(line);
            Assert.Contains("libgtk-3.so.9", line);
            Assert.Contains("libgtk-3-0", line);
            Assert.Null(OpenCvRuntime.DescribeLoadFailure(new InvalidOperationException("unrelated")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OnThisMachineOpenCvLoads()
    {
        Assert.True(OpenCvRuntime.IsAvailable);
        OpenCvRuntime.EnsureLoaded();
        Assert.StartsWith("4.13.", OpenCvRuntime.Version);
        Assert.StartsWith("4.13.0.", OpenCvRuntime.OpenCvSharpVersion);
    }
}
