using Pix2Pix.Torch;

namespace Pix2Pix.Training;

/// <summary>Turns the <c>--device</c> option into a libtorch device.</summary>
public static class Devices
{
    /// <summary><c>auto</c> picks CUDA when libtorch was built with it and a GPU is visible, else the CPU.</summary>
    public static Device Resolve(string option)
    {
        if (option.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return torch.cuda_is_available() ? Device.CUDA(0) : Device.CPU;
        var device = Device.Parse(option);
        if (device.Type == DeviceType.CUDA && !torch.cuda_is_available())
            throw new ArgumentException($"--device {option}: this libtorch ({torch.Version}) has no CUDA or no GPU is visible; use --device cpu, or build against a CUDA libtorch (LIBTORCH_DIR, see README)");
        if (device.Type == DeviceType.CUDA && device.Index >= torch.cuda_device_count())
            throw new ArgumentException($"--device {option}: only {torch.cuda_device_count()} CUDA device(s) are visible");
        return device;
    }
}
