
namespace Pix2Pix.Torch.Tests;

internal static class TestData
{
    /// <summary>A float64 leaf from N(0,1) with a fixed seed, requiring grad.</summary>
    public static Tensor Leaf(long seed, params long[] shape)
    {
        torch.manual_seed(seed);
        return torch.randn(shape, ScalarType.Float64).requires_grad_();
    }

    /// <summary>A float64 leaf from U[lo, hi) with a fixed seed, requiring grad.</summary>
    public static Tensor Positive(long seed, double lo, double hi, params long[] shape)
    {
        torch.manual_seed(seed);
        var t = torch.rand(shape, ScalarType.Float64);
        using (torch.no_grad()) t.mul_(hi - lo).add_(lo);
        return t.requires_grad_();
    }

    public static Tensor F64(double[] data, params long[] shape) => torch.tensor(data, shape);

    public static void Close(double[] expected, double[] actual, double tol = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol, $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
