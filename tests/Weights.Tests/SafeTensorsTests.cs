using System.Buffers.Binary;
using System.Text;

namespace Pix2Pix.Weights.Tests;

public sealed class SafeTensorsTests
{
    private static readonly Dictionary<string, string> Metadata = new() { ["epoch"] = "7", ["model"] = "{\"ngf\": 64}" };

    public static IEnumerable<object[]> AllDTypes => Enum.GetValues<DType>().Select(d => new object[] { d });

    [Theory]
    [MemberData(nameof(AllDTypes))]
    public void SaveThenLoad_RoundTripsEveryDType(DType dtype)
    {
        using var directory = new TempDirectory();
        string path = directory.File("t.safetensors");
        var data = Enumerable.Range(0, 6 * dtype.ElementSize()).Select(i => (byte)(i * 37 % 251)).ToArray();
        if (dtype == DType.Bool)
            data = [1, 0, 1, 1, 0, 0];
        var tensor = new NamedTensor("layer.weight", dtype, [2, 3], data);

        SafeTensors.Save(path, [tensor], Metadata);
        var loaded = SafeTensors.Load(path);

        Assert.Equal(tensor, Assert.Single(loaded.Tensors));
        Assert.Equal(Metadata, loaded.Metadata);
    }

    [Fact]
    public void SaveThenLoad_KeepsScalarsEmptyTensorsAndOrdersByName()
    {
        var tensors = new[]
        {
            NamedTensor.FromFloat32("z.scalar", [], [4.5f]),
            NamedTensor.FromFloat32("a.empty", [0, 3], []),
            NamedTensor.FromInt64("m.count", [1], [long.MaxValue]),
        };

        var loaded = SafeTensors.Load(SafeTensors.ToBytes(tensors));

        Assert.Equal(tensors.OrderBy(t => t.Name, StringComparer.Ordinal), loaded.Tensors);
        Assert.Empty(loaded.Metadata);
        Assert.Equal(4.5f, loaded["z.scalar"].ToFloat32()[0]);
    }

    [Fact]
    public void Header_FollowsTheSpecByteForByte()
    {
        var tensors = new[]
        {
            NamedTensor.FromFloat32("b", [2], [1f, 2f]),
            NamedTensor.FromInt64("a", [], [7]),
        };

        byte[] bytes = SafeTensors.ToBytes(tensors, new Dictionary<string, string> { ["k"] = "v" });

        const string json = "{\"__metadata__\":{\"k\":\"v\"}," +
                            "\"a\":{\"data_offsets\":[0,8],\"dtype\":\"I64\",\"shape\":[]}," +
                            "\"b\":{\"data_offsets\":[8,16],\"dtype\":\"F32\",\"shape\":[2]}}";
        string paddedJson = json.PadRight((json.Length + 7) / 8 * 8);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal((ulong)paddedJson.Length, headerLength);
        Assert.Equal(0ul, headerLength % 8);
        Assert.Equal(paddedJson, Encoding.UTF8.GetString(bytes, 8, (int)headerLength));
        byte[] expectedData = [.. BitConverter.GetBytes(7L), .. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(2f)];
        Assert.Equal(expectedData, bytes[(8 + (int)headerLength)..]);
    }

    [Fact]
    public void PythonWrittenFixture_IsReproducedByteForByte()
    {
        string path = TestFiles.Fixture("parity", "unet_batch_io.safetensors");
        var content = SafeTensors.Load(path);

        byte[] rewritten = SafeTensors.ToBytes(content.Tensors, content.Metadata);

        Assert.Equal(File.ReadAllBytes(path), rewritten);
    }

    [Fact]
    public void Load_FromBytesStreamAndPath_Agree()
    {
        string path = TestFiles.Fixture("weights", "sample_expected.safetensors");
        byte[] bytes = File.ReadAllBytes(path);

        var fromPath = SafeTensors.Load(path);
        var fromBytes = SafeTensors.Load(bytes);
        using var nonSeekable = new NonSeekableStream(bytes);
        var fromStream = SafeTensors.Load(nonSeekable);

        Assert.Equal(fromPath.Tensors, fromBytes.Tensors);
        Assert.Equal(fromPath.Tensors, fromStream.Tensors);
        Assert.Equal(fromPath.Metadata, fromStream.Metadata);
    }

    [Fact]
    public void Save_RejectsReservedName() =>
        Assert.Throws<ArgumentException>(() => SafeTensors.ToBytes([NamedTensor.FromFloat32("__metadata__", [1], [0])]));

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
