using System.Buffers.Binary;
using System.Text;

namespace Pix2Pix.Weights.Tests;

public sealed class SafeTensorsValidationTests
{
    private static byte[] File(string header, int dataBytes, ulong? declaredLength = null)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "overlap")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8, "run past")]
    [InlineData("{\"a\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "unknown dtype 'Q7'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "belong to no tensor")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "belong to no tensor")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8, "end before")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "non-negative")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "data_offsets")]
    [InlineData("{\"__metadata__\":{\"epoch\":3}}", 0, "not a string")]
    [InlineData("{\"a\": nope}", 0, "not valid JSON")]
    [InlineData("[1, 2]", 0, "does not start with '{'")]
    public void Load_CorruptHeader_ThrowsNamingTheFile(string header, int dataBytes, string expected)
    {
        using var directory = new TempDirectory();
        string path = directory.File("corrupt.safetensors");
        System.IO.File.WriteAllBytes(path, File(header, dataBytes));

        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_HeaderLengthBeyondFile_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(File("{}", 0, declaredLength: 1_000_000), "weights.bin"));
        Assert.Contains("weights.bin", error.Message);
        Assert.Contains("header length 1000000 exceeds", error.Message);
    }

    [Fact]
    public void Load_HugeHeaderLength_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(File("{}", 0, declaredLength: ulong.MaxValue)));
        Assert.Contains("exceeds", error.Message);
    }

    [Fact]
    public void Load_TooShort_Throws()
    {
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(new byte[] { 1, 2, 3 }, "tiny"));
        Assert.Contains("tiny", error.Message);
        Assert.Contains("too short", error.Message);
    }

    [Fact]
    public void Load_InvalidUtf8Header_Throws()
    {
        byte[] bytes = File("{\"a\":{}}", 0);
        bytes[10] = 0xFF;
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(bytes));
        Assert.Contains("UTF-8", error.Message);
    }

    [Fact]
    public void Load_DuplicateKey_Throws()
    {
        string header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}";
        var error = Assert.Throws<InvalidDataException>(() => SafeTensors.Load(File(header, 2)));
        Assert.Contains("twice", error.Message);
    }

    [Fact]
    public void Load_ZeroSizedTensorsMayShareAnOffset()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\"b\":{\"dtype\":\"F32\",\"shape\":[0,2],\"data_offsets\":[0,0]}}  ";
        Assert.Equal(2, SafeTensors.Load(File(header, 0)).Tensors.Count);
    }
}
