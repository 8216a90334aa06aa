
namespace Pix2Pix.Torch.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Factories_ShapeDtypeDevice()
    {
        using var t = torch.zeros([2, 3]);
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(Device.CPU.Type, t.device.Type);
        Assert.Equal(6, t.numel());
        Assert.Equal("Tensor([2, 3], Float32, cpu)", t.ToString());
    }

    [Fact]
    public void Arithmetic_Values()
    {
        using var a = torch.tensor([1f, 2f, 3f], [3]);
        using var b = torch.tensor([4f, 5f, 6f], [3]);
        using var c = (a + b) * 2 - 1;
        Assert.Equal(new[] { 9f, 13f, 17f }, c.data_float());
        using var d = 1.0 / a;
        Assert.Equal(new[] { 1f, 0.5f, 1f / 3 }, d.data_float());
        using var e = 10.0 - a;
        Assert.Equal(new[] { 9f, 8f, 7f }, e.data_float());
    }

    [Fact]
    public void Backward_SimpleQuadratic()
    {
        using var x = torch.tensor([1.0, 2.0, 3.0], [3], requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        using var g = x.grad!;
        Assert.Equal(new[] { 2.0, 4.0, 6.0 }, g.data_double());
    }
}
