using System.Buffers.Binary;

namespace Pix2Pix.Weights.Tests;

public sealed class NamedTensorTests
{
    [Fact]
    public void FromFloat32_RoundTripsValuesAndShape()
    {
        var tensor = NamedTensor.FromFloat32("w", [2, 2], [1f, -2.5f, 3f, float.MaxValue]);

        Assert.Equal(DType.F32, tensor.DType);
        Assert.Equal(new long[] { 2, 2 }, tensor.Shape);
        Assert.Equal(4, tensor.ElementCount);
        Assert.Equal(new[] { 1f, -2.5f, 3f, float.MaxValue }, tensor.ToFloat32());
        Assert.Equal(new byte[] { 0, 0, 0x80, 0x3F }, tensor.Data[..4]);
    }

    [Fact]
    public void FromInt64AndFloat64_ConvertToFloat32()
    {
        Assert.Equal(new[] { -1f, 17f }, NamedTensor.FromInt64("n", [2], [-1, 17]).ToFloat32());
        Assert.Equal(new[] { 0.25f }, NamedTensor.FromFloat64("d", [], [0.25]).ToFloat32());
        Assert.Equal(new long[] { 3 }, NamedTensor.FromFloat64("d", [1], [3.9]).ToInt64());
    }

    [Fact]
    public void HalfAndBFloat16_ConvertToFloat32()
    {
        var half = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(half, (Half)1.5);
        BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(2), (Half)(-0.125));
        var bf16 = new byte[] { 0xC0, 0x3F, 0x00, 0xC0 };   // 1.5, -2.0

        Assert.Equal(new[] { 1.5f, -0.125f }, new NamedTensor("h", DType.F16, [2], half).ToFloat32());
        Assert.Equal(new[] { 1.5f, -2f }, new NamedTensor("b", DType.BF16, [2], bf16).ToFloat32());
    }

    [Theory]
    [InlineData(DType.I32, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, -1f)]
    [InlineData(DType.I16, new byte[] { 0x00, 0x80 }, -32768f)]
    [InlineData(DType.I8, new byte[] { 0x80 }, -128f)]
    [InlineData(DType.U8, new byte[] { 0xFF }, 255f)]
    [InlineData(DType.Bool, new byte[] { 0x01 }, 1f)]
    public void IntegerTypes_ConvertToFloat32(DType dtype, byte[] data, float expected) =>
        Assert.Equal(new[] { expected }, new NamedTensor("x", dtype, [1], data).ToFloat32());

    [Fact]
    public void Constructor_RejectsDataOfTheWrongSize()
    {
        var error = Assert.Throws<ArgumentException>(() => NamedTensor.FromFloat32("w", [2, 3], new float[5]));
        Assert.Contains("'w'", error.Message);
        Assert.Throws<ArgumentException>(() => new NamedTensor("x", DType.F32, [-1], []));
    }

    [Fact]
    public void Equality_ComparesContent()
    {
        var a = NamedTensor.FromFloat32("w", [2], [1, 2]);
        Assert.Equal(a, NamedTensor.FromFloat32("w", [2], [1, 2]));
        Assert.NotEqual(a, NamedTensor.FromFloat32("w", [2], [1, 3]));
        Assert.NotEqual(a, NamedTensor.FromFloat32("w", [1, 2], [1, 2]));
        Assert.NotEqual(a, a.WithName("v"));
    }
}
