using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>Turns the <c>--device</c> option into a TorchSharp device.</summary>
public static class Devices
{
    /// <summary>How this build reached libtorch: the TorchSharp package flavour it was built with.</summary>
    public static string Backend => typeof(Devices).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchSharpBackend")?.Value ?? "cpu";

    /// <summary><c>auto</c> picks CUDA when this build's libtorch has it and a GPU is visible, else the CPU.</summary>
    public static Device Resolve(string option)
    {
        if (option.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return cuda.is_available() ? CUDA : CPU;
        Device device;
        try { device = new Device(option); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ArgumentException($"--device {option}: expected auto, cpu, cuda or cuda:N");
        }
        if (device.type == DeviceType.CUDA && !cuda.is_available())
            throw new ArgumentException(Backend == "cpu"
                ? $"--device {option}: this build uses TorchSharp-cpu (libtorch {__version__} without CUDA). Use --device cpu, or rebuild with " +
                  "-p:TorchSharpBackend=cuda-linux (or cuda-windows) on a machine with an NVIDIA driver — that path is untested, see docs/torchsharp.md"
                : $"--device {option}: this build has CUDA libtorch ({Backend}) but no GPU is visible (driver missing or CUDA_VISIBLE_DEVICES empty); use --device cpu");
        if (device.type == DeviceType.CUDA && device.index >= cuda.device_count())
            throw new ArgumentException($"--device {option}: only {cuda.device_count()} CUDA device(s) are visible");
        if (device.type is not (DeviceType.CPU or DeviceType.CUDA))
            throw new ArgumentException($"--device {option}: only cpu and cuda are supported");
        return device;
    }
}
