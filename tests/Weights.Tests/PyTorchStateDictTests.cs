using System.Text.Json;

namespace Pix2Pix.Weights.Tests;

public sealed class PyTorchStateDictTests
{
    private static readonly SafeTensorsContent Expected =
        SafeTensors.Load(TestFiles.Fixture("weights", "sample_expected.safetensors"));

    [Theory]
    [InlineData("sample_zip.pth")]
    [InlineData("sample_legacy.pth")]
    public void Load_MatchesTheSafetensorsCopyInFileOrder(string file)
    {
        var tensors = PyTorchStateDict.Load(TestFiles.Fixture("weights", file));

        var order = JsonSerializer.Deserialize<string[]>(Expected.Metadata["order"]);
        Assert.Equal(order, tensors.Select(t => t.Name));
        foreach (var tensor in tensors)
            Assert.Equal(Expected[tensor.Name], tensor);
    }

    [Theory]
    [InlineData("sample_zip.pth")]
    [InlineData("sample_legacy.pth")]
    public void Load_MaterializesStridedViewsAndSharedStorage(string file)
    {
        var tensors = PyTorchStateDict.Load(TestFiles.Fixture("weights", file)).ToDictionary(t => t.Name);

        Assert.Equal(new long[] { 2, 3 }, tensors["shared.head"].Shape);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, tensors["shared.head"].ToFloat32());
        Assert.Equal(Enumerable.Range(10, 12).Select(i => (float)i), tensors["shared.tail"].ToFloat32());
        Assert.Equal(new long[] { 5, 3 }, tensors["transposed"].Shape);
        Assert.Equal(new long[] { 4, 2, 3 }, tensors["permuted"].Shape);
        Assert.Equal(new long[] { 3, 3 }, tensors["strided"].Shape);
        Assert.Equal(new[] { 1.5f, 1.5f, 1.5f, -2f, -2f, -2f }, tensors["expanded"].ToFloat32());
        Assert.Equal(DType.I64, tensors["bn.num_batches_tracked"].DType);
        Assert.Empty(tensors["bn.num_batches_tracked"].Shape);
        Assert.Equal(new long[] { 17 }, tensors["bn.num_batches_tracked"].ToInt64());
        Assert.Equal(new long[] { 0, 3 }, tensors["empty"].Shape);
        Assert.Equal(new[] { 1f, 0f, 1f }, tensors["flags"].ToFloat32());
    }

    [Fact]
    public void Load_TransposedTensorIsTheTransposeOfItsStorage()
    {
        var transposed = PyTorchStateDict.Load(TestFiles.Fixture("weights", "sample_zip.pth")).Single(t => t.Name == "transposed");
        float[] values = transposed.ToFloat32();

        // Saved as randn(3, 5).t(): element [i, j] of the 5×3 result is element [j, i] of the 3×5 storage.
        byte[] raw = ReadStorageEntry("sample_zip.pth", transposed.Name);
        float[] storage = new NamedTensor("s", DType.F32, [15], raw).ToFloat32();
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++)
                Assert.Equal(storage[j * 5 + i], values[i * 3 + j]);
    }

    [Fact]
    public void Load_LegacyStorageView_HonorsTheViewOffset()
    {
        var tensor = Assert.Single(PyTorchStateDict.Load(TestFiles.Fixture("weights", "storage_view_legacy.pth")));

        Assert.Equal(new long[] { 3, 4 }, tensor.Shape);
        Assert.Equal(Enumerable.Range(10, 12).Select(i => (float)i), tensor.ToFloat32());
    }

    [Fact]
    public void ZipAndLegacyParityCheckpoints_AreIdentical()
    {
        var zip = PyTorchStateDict.Load(TestFiles.Fixture("parity", "unet_batch.pth"));
        var legacy = PyTorchStateDict.Load(TestFiles.Fixture("parity", "unet_batch_legacy.pth"));

        Assert.Equal(zip, legacy);
        Assert.Contains(zip, t => t.Name == "model.model.0.weight");
        var counter = Assert.Single(zip, t => t.Name == "model.model.1.model.2.num_batches_tracked");
        Assert.Equal(new long[] { 3 }, counter.ToInt64());
    }

    [Theory]
    [InlineData("wrapped_zip.pth")]
    [InlineData("wrapped_legacy.pth")]
    public void Load_WrappedCheckpoint_NeedsTheKeyAndStripsDataParallelPrefix(string file)
    {
        string path = TestFiles.Fixture("weights", file);

        var withoutKey = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(path));
        Assert.Contains("'netG'", withoutKey.Message);
        Assert.Contains(path, withoutKey.Message);
        var wrongKey = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(path, "netD"));
        Assert.Contains("'netD'", wrongKey.Message);
        var notADict = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(path, "epoch"));
        Assert.Contains("'epoch'", notADict.Message);

        var tensors = PyTorchStateDict.Load(path, "netG");
        Assert.Equal(new[] { "module.conv.weight", "module.conv.bias", "module.bn.num_batches_tracked" }, tensors.Select(t => t.Name));
        var stripped = PyTorchStateDict.StripDataParallelPrefix(tensors);
        Assert.Equal(new[] { "conv.weight", "conv.bias", "bn.num_batches_tracked" }, stripped.Select(t => t.Name));
        Assert.Equal(Expected["conv.weight"], stripped[0]);
    }

    [Fact]
    public void StripPrefix_RejectsCollisions()
    {
        var tensors = new[] { NamedTensor.FromFloat32("module.w", [1], [1]), NamedTensor.FromFloat32("w", [1], [2]) };
        Assert.Throws<ArgumentException>(() => PyTorchStateDict.StripDataParallelPrefix(tensors));
    }

    [Fact]
    public void Load_FromNonSeekableStream_MatchesFile()
    {
        string path = TestFiles.Fixture("weights", "sample_legacy.pth");
        using var stream = new NonSeekableStream(File.ReadAllBytes(path));
        Assert.Equal(PyTorchStateDict.Load(path), PyTorchStateDict.Load(stream));
    }

    [Theory]
    [InlineData("sample_zip.pth")]
    [InlineData("sample_legacy.pth")]
    public void Load_TruncatedFile_ThrowsInvalidData(string file)
    {
        byte[] bytes = File.ReadAllBytes(TestFiles.Fixture("weights", file));
        using var truncated = new MemoryStream(bytes[..(bytes.Length * 2 / 3)]);
        var error = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(truncated, source: "cut.pth"));
        Assert.Contains("cut.pth", error.Message);
    }

    [Fact]
    public void Load_SomethingElse_ThrowsInvalidData()
    {
        using var directory = new TempDirectory();
        string path = directory.File("notes.pth");
        File.WriteAllText(path, "hello");
        var error = Assert.Throws<InvalidDataException>(() => PyTorchStateDict.Load(path));
        Assert.Contains("not a PyTorch checkpoint", error.Message);
    }

    private static byte[] ReadStorageEntry(string file, string tensorName)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(TestFiles.Fixture("weights", file));
        string key = tensorName == "transposed" ? "4" : throw new ArgumentException(tensorName);
        var entry = archive.Entries.Single(e => e.FullName.EndsWith("/data/" + key, StringComparison.Ordinal));
        using var stream = entry.Open();
        var bytes = new byte[entry.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
