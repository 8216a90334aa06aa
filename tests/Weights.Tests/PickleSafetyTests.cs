using System.IO.Compression;
using System.Text;

namespace Pix2Pix.Weights.Tests;

public sealed class PickleSafetyTests
{
    private const string Marker = "/tmp/pix2pix_weights_pwned_marker";

    [Theory]
    [InlineData("malicious_zip.pth")]
    [InlineData("malicious_legacy.pth")]
    public void PythonMadeMaliciousCheckpoint_IsRejectedWithoutRunningIt(string file)
    {
        File.Delete(Marker);

        var error = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(TestFiles.Fixture("weights", file)));

        Assert.Contains("'posix.system'", error.Message);
        Assert.False(File.Exists(Marker));
    }

    [Theory]
    [InlineData("os", "system")]
    [InlineData("builtins", "eval")]
    [InlineData("subprocess", "Popen")]
    [InlineData("torch", "load")]
    public void GlobalOutsideTheAllowList_IsRejectedByName(string module, string name)
    {
        byte[] pickle = [0x80, 0x02, .. Global(module, name), .. ShortUnicode("id"), 0x85, (byte)'R', (byte)'.'];

        var error = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(Zip(pickle), source: "evil.pth"));

        Assert.Contains($"'{module}.{name}'", error.Message);
        Assert.Contains("evil.pth", error.Message);
    }

    [Fact]
    public void StackGlobalOutsideTheAllowList_IsRejected()
    {
        byte[] pickle = [0x80, 0x04, .. ShortUnicode("os"), .. ShortUnicode("system"), 0x93, .. ShortUnicode("id"), 0x85, (byte)'R', (byte)'.'];
        var error = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(Zip(pickle)));
        Assert.Contains("'os.system'", error.Message);
    }

    [Fact]
    public void LegacyFileWithMaliciousObjectPickle_IsRejected()
    {
        byte[] magic = [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, (byte)'.'];
        byte[] protocol = [0x80, 0x02, (byte)'M', 0xE9, 0x03, (byte)'.'];
        byte[] sysInfo = [0x80, 0x02, (byte)'}', (byte)'.'];
        byte[] payload = [0x80, 0x02, .. Global("os", "system"), .. ShortUnicode("id"), 0x85, (byte)'R', (byte)'.'];

        using var file = new MemoryStream([.. magic, .. protocol, .. sysInfo, .. payload]);
        var error = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(file));

        Assert.Contains("'os.system'", error.Message);
    }

    [Fact]
    public void CallingSomethingThatIsNotAGlobal_IsRejected()
    {
        byte[] pickle = [0x80, 0x02, .. ShortUnicode("x"), (byte)')', (byte)'R', (byte)'.'];
        Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(Zip(pickle)));
    }

    private static byte[] Global(string module, string name) => [(byte)'c', .. Encoding.ASCII.GetBytes($"{module}\n{name}\n")];

    private static byte[] ShortUnicode(string text) => [0x8C, (byte)text.Length, .. Encoding.ASCII.GetBytes(text)];

    private static MemoryStream Zip(byte[] pickle)
    {
        var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open();
            entry.Write(pickle);
        }
        buffer.Position = 0;
        return buffer;
    }
}
