using System.Text;
using Pix2Pix.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Tests;

/// <summary>The TorchSharp package itself: it loads on this machine, our weights go both ways through its format, devices fail clearly.</summary>
public sealed class TorchSharpTests
{
    private const string Glibcxx = "GLIBCXX_3.4.32";

    [Fact]
    public void LibTorchFromTheNuGetPackageLoadsAndComputes()
    {
        Assert.StartsWith("2.10", __version__);
        using var x = arange(6, ScalarType.Float32).reshape(2, 3);
        Assert.Equal(15f, x.sum().item<float>());
    }

    /// <summary>
    /// The build marks libLibTorchSharp.so's need for GLIBCXX_3.4.32 weak in the output copy only when this machine's
    /// libstdc++ lacks that version (Debian 12), and never writes the NuGet cache's copy.
    /// </summary>
    [Fact]
    public void Debian12LoaderFixTouchesOnlyTheOutputCopy()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        Assert.True(File.Exists(output), output);
        var cache = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
                                 "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(cache), cache);

        var hostHasVersion = HostLibStdCxx() is { } host && File.ReadAllBytes(host).AsSpan().IndexOf(Encoding.ASCII.GetBytes(Glibcxx + "\0")) >= 0;
        Assert.Equal(0, VersionNeedFlags(cache) & 2);
        Assert.Equal(hostHasVersion ? 0 : 2, VersionNeedFlags(output) & 2);

        var (a, b) = (File.ReadAllBytes(cache), File.ReadAllBytes(output));
        Assert.Equal(a.Length, b.Length);
        var differing = Enumerable.Range(0, a.Length).Count(i => a[i] != b[i]);
        Assert.Equal(hostHasVersion ? 0 : 1, differing);
    }

    [Fact]
    public void OurGeneratorGoesBothWaysThroughTorchSharpsFormat()
    {
        var o = new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 4 };
        manual_seed(9);
        using var ours = NetworkFactory.CreateGenerator(o);
        var dir = Directory.CreateTempSubdirectory("p2p-dat-").FullName;
        try
        {
            var path = Path.Combine(dir, "netG.dat");
            StateDict.Save(ours, path);
            using var plain = new UnetGenerator(o);
            plain.load(path);   // what a TorchSharp user calls
            AssertSameOutputs(ours, plain);

            manual_seed(10);
            using var other = NetworkFactory.CreateGenerator(o);
            var theirs = Path.Combine(dir, "theirs.dat");
            other.save(theirs);   // what a TorchSharp user writes
            StateDict.LoadFile(ours, theirs);
            AssertSameOutputs(other, ours);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void ATruncatedTorchSharpFileIsAClearError()
    {
        var o = new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 4 };
        using var net = NetworkFactory.CreateGenerator(o);
        var path = Path.Combine(Path.GetTempPath(), $"p2p-{Guid.NewGuid():N}.dat");
        try
        {
            StateDict.Save(net, path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            var e = Assert.Throws<InvalidDataException>(() => StateDict.LoadFile(net, path));
            Assert.Contains("truncated", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CudaOnACpuBuildIsAClearError()
    {
        if (cuda.is_available()) return;
        var e = Assert.Throws<ArgumentException>(() => Devices.Resolve("cuda"));
        Assert.Contains("TorchSharp-cpu", e.Message);
        Assert.Contains("--device cpu", e.Message);
        Assert.Equal(DeviceType.CPU, Devices.Resolve("auto").type);
        Assert.Throws<ArgumentException>(() => Devices.Resolve("tpu"));
    }

    private static void AssertSameOutputs(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b)
    {
        a.eval();
        b.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = rand([1, 3, 32, 32]) * 2 - 1;
        Assert.Equal(a.forward(x).ToHostFloats(), b.forward(x).ToHostFloats());
    }

    private static string? HostLibStdCxx() =>
        new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);

    /// <summary>vna_flags of the ELF version need on <see cref="Glibcxx"/> (ELF64 little-endian, .gnu.version_r).</summary>
    private static int VersionNeedFlags(string path)
    {
        var elf = File.ReadAllBytes(path);
        var shoff = (int)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = shoff + i * shentsize;
            if (BitConverter.ToUInt32(elf, sh + 4) != 0x6ffffffe) continue;
            var strtab = (int)BitConverter.ToUInt64(elf, shoff + (int)BitConverter.ToUInt32(elf, sh + 40) * shentsize + 24);
            var need = (int)BitConverter.ToUInt64(elf, sh + 24);
            for (var n = 0; n < BitConverter.ToUInt32(elf, sh + 44); n++, need += (int)BitConverter.ToUInt32(elf, need + 12))
            {
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < BitConverter.ToUInt16(elf, need + 2); a++, aux += (int)BitConverter.ToUInt32(elf, aux + 12))
                {
                    var name = strtab + (int)BitConverter.ToUInt32(elf, aux + 8);
                    if (Encoding.ASCII.GetString(elf, name, Array.IndexOf(elf, (byte)0, name) - name) == Glibcxx)
                        return BitConverter.ToUInt16(elf, aux + 4);
                }
            }
        }
        throw new InvalidDataException($"{path} has no version need on {Glibcxx}");
    }
}
