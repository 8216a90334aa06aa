namespace Pix2Pix.OnnxRuntime.Tests;

public sealed class LibraryTests
{
    [Fact]
    public void Version_is_1_30_0()
    {
        Assert.Equal("1.30.0", OrtLibrary.Version);
        Assert.True(File.Exists(OrtLibrary.Path) || OrtLibrary.Path.EndsWith("(system loader)"), OrtLibrary.Path);
    }

    [Fact]
    public void Providers_include_cpu()
    {
        var providers = OrtLibrary.AvailableProviders;
        Assert.Contains("CPUExecutionProvider", providers);
        Assert.All(providers, p => Assert.EndsWith("ExecutionProvider", p));
    }

    [Fact]
    public void Candidates_follow_the_documented_order()
    {
        var env = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = "/xdg" };
        var names = OrtLibrary.Candidates(k => env.GetValueOrDefault(k), "/app", "/home/u").Select(c => c.Name).ToList();
        Assert.Equal("/app/libonnxruntime.so.1", names[0]);
        Assert.Equal("/xdg/pix2pix/onnxruntime-1.30.0/libonnxruntime.so.1", names[1]);
        Assert.Equal("libonnxruntime.so.1", names[2]);

        env["PIX2PIX_CACHE"] = "/pc";
        Assert.Equal("/pc/onnxruntime-1.30.0/libonnxruntime.so.1", OrtLibrary.Candidates(k => env.GetValueOrDefault(k), "/app", "/home/u").ElementAt(1).Name);

        env.Clear();
        Assert.Equal("/home/u/.cache/pix2pix/onnxruntime-1.30.0/libonnxruntime.so.1",
                     OrtLibrary.Candidates(k => env.GetValueOrDefault(k), "/app", "/home/u").ElementAt(1).Name);
    }

    [Fact]
    public void Explicit_path_is_the_only_candidate()
    {
        var candidates = OrtLibrary.Candidates(k => k == OrtLibrary.PathVariable ? "/gpu/libonnxruntime.so.1" : null, "/app", "/h").ToList();
        var only = Assert.Single(candidates);
        Assert.Equal("/gpu/libonnxruntime.so.1", only.Name);
        Assert.True(only.IsFile);
    }

    [Fact]
    public void Missing_library_gives_a_clear_message()
    {
        var e = Assert.Throws<DllNotFoundException>(() => NativeMethods.Probe(
            [new OrtLibrary.Candidate("/nonexistent/libonnxruntime.so.1", true), new OrtLibrary.Candidate("libno_such_ort_lib.so.1", false)]));
        Assert.StartsWith("ONNX Runtime not found; run scripts/bootstrap.sh or set PIX2PIX_ONNXRUNTIME", e.Message);
        Assert.Contains("/nonexistent/libonnxruntime.so.1 (missing)", e.Message);
        Assert.Contains("libno_such_ort_lib.so.1 (system loader)", e.Message);
    }

    [Fact]
    public void Probe_finds_the_cached_library()
    {
        Assert.Equal(OrtLibrary.Path, NativeMethods.Probe([new OrtLibrary.Candidate(OrtLibrary.Path, true)]));
    }
}
