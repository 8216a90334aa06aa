
namespace Pix2Pix.Torch.Tests;

public sealed class ErrorTests : IDisposable
{
    private readonly DisposeScope _scope = torch.NewDisposeScope();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void Conv2d_ChannelMismatch_ThrowsLibtorchMessage()
    {
        var x = torch.zeros([1, 3, 8, 8]);
        var w = torch.zeros([2, 4, 3, 3]);
        var e = Assert.Throws<TorchException>(() => functional.conv2d(x, w));
        Assert.Contains("expected input[1, 3, 8, 8] to have 4 channels, but got 3 channels instead", e.Message);
        Assert.DoesNotContain("Exception raised from", e.Message);
    }

    [Fact]
    public void View_OfNonContiguous_ThrowsAndNextCallStillWorks()
    {
        var x = torch.zeros([2, 3]).transpose(0, 1);
        var e = Assert.Throws<TorchException>(() => x.view(6));
        Assert.Contains("view size is not compatible", e.Message);
        Assert.Equal(new long[] { 6 }, x.reshape(6).shape);
    }

    [Fact]
    public void Broadcast_Mismatch_Throws() =>
        Assert.Contains("must match the size", Assert.Throws<TorchException>(() => torch.zeros([2, 3]).add(torch.zeros([4]))).Message);

    [Fact]
    public void Backward_OfNonScalarWithoutGradient_Throws()
    {
        var x = torch.ones([3], requires_grad: true);
        var e = Assert.Throws<TorchException>(() => (x * 2).backward());
        Assert.Contains("grad can be implicitly created only for scalar outputs", e.Message);
    }

    [Fact]
    public void DisposedTensor_ThrowsObjectDisposed_NeverCrashes()
    {
        var x = torch.ones([2, 2]);
        var y = torch.ones([2, 2]);
        x.Dispose();
        Assert.True(x.IsInvalid);
        Assert.Equal("Tensor(disposed)", x.ToString());
        Assert.Throws<ObjectDisposedException>(() => x.shape);
        Assert.Throws<ObjectDisposedException>(() => x.add(1));
        Assert.Throws<ObjectDisposedException>(() => y.add(x));
        Assert.Throws<ObjectDisposedException>(() => x.data_float());
        Assert.Throws<ObjectDisposedException>(() => torch.cat([y, x], 0));
        Assert.Throws<ObjectDisposedException>(() => functional.conv2d(y.reshape(1, 1, 2, 2), y.reshape(1, 1, 2, 2), x));
        x.Dispose();
        Assert.Equal(4, y.numel());
    }

    [Fact]
    public void Cuda_OnCpuBuild_ThrowsClearError_OtherwiseRoundTrips()
    {
        var x = torch.tensor([1f, 2f, 3f], [3]);
        if (!torch.cuda_is_available())
        {
            Assert.Equal(0, torch.cuda_device_count());
            var e = Assert.Throws<TorchException>(() => x.to(Device.CUDA()));
            Assert.StartsWith("CUDA is not available", e.Message);
            Assert.Contains("libtorch: Could not run", e.Message);
            Assert.StartsWith("CUDA is not available", Assert.Throws<TorchException>(() => torch.zeros([2], device: Device.CUDA())).Message);
            Assert.StartsWith("CUDA is not available", Assert.Throws<TorchException>(() => torch.tensor([1.0], [1], Device.CUDA(1))).Message);
            return;
        }
        var gpu = x.to(Device.CUDA());
        Assert.Equal(DeviceType.CUDA, gpu.device.Type);
        Assert.Equal(new[] { 2f, 4f, 6f }, (gpu * 2).data_float());
        Assert.Equal(DeviceType.CUDA, torch.ones([2], device: Device.CUDA()).device.Type);
        Assert.Equal(DeviceType.CPU, gpu.cpu().device.Type);
    }

    [Fact]
    public void Device_Parse()
    {
        Assert.Equal(Device.CPU, Device.Parse("cpu"));
        Assert.Equal(Device.CUDA(0), Device.Parse("cuda"));
        Assert.Equal(Device.CUDA(1), Device.Parse("CUDA:1"));
        Assert.Equal("cuda:1", Device.CUDA(1).ToString());
        Assert.Throws<FormatException>(() => Device.Parse("tpu"));
        Assert.Throws<FormatException>(() => Device.Parse("cuda:x"));
    }
}
