using Pix2Pix.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Tests;

/// <summary>The optimized CPU formulations compute what the stock TorchSharp modules compute.</summary>
public sealed class KernelTests
{
    [Theory]
    [InlineData(true, 24)]
    [InlineData(false, 24)]
    [InlineData(true, 8)]
    public void SubPixelConvTransposeEqualsTransposedConvolutionWithGradients(bool bias, int side)
    {
        TorchRuntime.EnsureCorrectConvolutions();
        manual_seed(11);
        using var fast = new SubPixelConvTranspose2d(6, 5, bias);
        using var stock = nn.ConvTranspose2d(6, 5, 4, stride: 2, padding: 1, bias: bias);
        using (no_grad())
        {
            stock.weight!.copy_(fast.weight);
            if (bias) stock.bias!.copy_(fast.bias!);
        }
        using var scope = NewDisposeScope();
        var x = randn([2, 6, side, side]);
        var r = randn([2, 5, side * 2, side * 2]);

        var (yRef, gxRef, gwRef) = Run(stock, stock.weight!, x, r);
        var (yOpt, gxOpt, gwOpt) = Run(fast, fast.weight, x, r);

        Assert.Equal(side >= 24, SubPixelConvTranspose2d.Applies(x));
        Assert.True(Compare.MaxAbsDiff(yRef, yOpt) < 1e-5);
        Assert.True(Compare.MaxAbsDiff(gxRef, gxOpt) < 1e-4);
        Assert.True(Compare.MaxAbsDiff(gwRef, gwOpt) < 1e-4 * Math.Max(1, gwRef.Max(Math.Abs)));
    }

    [Fact]
    public void ConvolutionGradientsAreRightOnceOurNetworksExist()
    {
        using var d = NetworkFactory.CreateDiscriminator(new DiscriminatorOptions { Ndf = 4 });
        Assert.True(TorchRuntime.ConvolutionGradientError() < 1e-5, TorchRuntime.OneDnnDisabledReason ?? "oneDNN left on");
    }

    /// <summary>The narrow stride-1 layers of pix2pix (PatchGAN's last, ResNet's first and last) against float64 conv2d.</summary>
    [Theory]
    [InlineData(512, 1, 4, 1, 31)]
    [InlineData(64, 3, 7, 0, 38)]
    [InlineData(3, 4, 7, 0, 22)]
    [InlineData(6, 20, 3, 1, 24)]
    public void StrideOneConvolutionsGiveFloat64Gradients(int cin, int cout, int k, int p, int side)
    {
        TorchRuntime.EnsureCorrectConvolutions();
        manual_seed(3);
        using var layer = nn.Conv2d(cin, cout, k, padding: p);
        using var scope = NewDisposeScope();
        var x = randn([2, cin, side, side]);
        var y = layer.forward(x.requires_grad_(true));
        var r = randn_like(y);
        (y * r).sum().backward();

        var x64 = x.detach().to(ScalarType.Float64).requires_grad_(true);
        var w64 = layer.weight!.detach().to(ScalarType.Float64).requires_grad_(true);
        var y64 = nn.functional.conv2d(x64, w64, layer.bias!.detach().to(ScalarType.Float64), padding: [p, p]);
        (y64 * r.to(ScalarType.Float64)).sum().backward();

        static double[] D(Tensor t) => t.to(ScalarType.Float64).data<double>().ToArray();
        var gx64 = D(x64.grad!);
        Assert.True(Compare.MaxAbsDiff(D(x.grad!), gx64) < 1e-5 * Math.Max(1, gx64.Max(Math.Abs)), "input gradient");
        var gw64 = D(w64.grad!);
        Assert.True(Compare.MaxAbsDiff(D(layer.weight!.grad!), gw64) < 1e-5 * Math.Max(1, gw64.Max(Math.Abs)), "weight gradient");
    }

    [Fact]
    public void SmallActivationsKeepTheTransposedConvolution()
    {
        using var scope = NewDisposeScope();
        Assert.True(SubPixelConvTranspose2d.Applies(zeros([1, 4, 32, 32])));
        Assert.True(SubPixelConvTranspose2d.Applies(zeros([4, 4, 16, 16])));
        Assert.False(SubPixelConvTranspose2d.Applies(zeros([1, 4, 16, 16])));
    }

    private static (float[] Y, float[] GradX, float[] GradW) Run(nn.Module<Tensor, Tensor> layer, Tensor weight, Tensor x, Tensor r)
    {
        var input = x.detach().requires_grad_(true);
        weight.grad = null;
        var y = layer.forward(input);
        (y * r).sum().backward();
        using var gx = input.grad!;
        using var gw = weight.grad!;
        return (y.data<float>().ToArray(), gx.data<float>().ToArray(), gw.data<float>().ToArray());
    }
}
