using Pix2Pix.Torch;
using Pix2Pix.Training.Nn;

namespace Pix2Pix.Training.Tests;

/// <summary>The optimized CPU formulations compute what the reference kernels compute.</summary>
public sealed class KernelTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SubPixelConvTransposeEqualsTransposedConvolutionWithGradients(bool bias)
    {
        torch.manual_seed(11);
        using var layer = new ConvTranspose2d(6, 5, 4, 2, 1, bias: bias);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([2, 6, 24, 24]).requires_grad_(true);
        var r = torch.randn([2, 5, 48, 48]);

        var (yRef, gxRef, gwRef) = Run(layer, x, r, optimized: false);
        var (yOpt, gxOpt, gwOpt) = Run(layer, x, r, optimized: true);

        Assert.True(Compare.MaxAbsDiff(yRef, yOpt) < 1e-5);
        Assert.True(Compare.MaxAbsDiff(gxRef, gxOpt) < 1e-4);
        Assert.True(Compare.MaxAbsDiff(gwRef, gwOpt) < 1e-3 * Math.Max(1, gwRef.Max(Math.Abs)));
    }

    [Fact]
    public void SmallActivationsKeepTheTransposedConvolution()
    {
        using var layer = new ConvTranspose2d(4, 4, 4, 2, 1);
        using var scope = torch.NewDisposeScope();
        Assert.True(SubPixelConvTranspose.Applies(layer, torch.zeros([1, 4, 32, 32])));
        Assert.False(SubPixelConvTranspose.Applies(layer, torch.zeros([1, 4, 16, 16])));
        using var other = new ConvTranspose2d(4, 4, 3, 2, 1, 1);
        Assert.False(SubPixelConvTranspose.Applies(other, torch.zeros([1, 4, 64, 64])));
    }

    private static (float[] Y, float[] GradX, float[] GradW) Run(ConvTranspose2d layer, Tensor x, Tensor r, bool optimized)
    {
        var was = Kernels.Optimized;
        Kernels.Optimized = optimized;
        try
        {
            x.reset_grad();
            layer.weight.reset_grad();
            var y = layer.forward(x);
            (y * r).sum().backward();
            using var gx = x.grad!;
            using var gw = layer.weight.grad!;
            return (y.data_float(), gx.data_float(), gw.data_float());
        }
        finally
        {
            Kernels.Optimized = was;
        }
    }
}
