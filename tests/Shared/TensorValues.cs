using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Tests.Shared;

/// <summary>Copies of tensor values for assertions.</summary>
internal static class TensorValues
{
    /// <summary>The tensor's values as float32, in row-major order, copied to the host.</summary>
    public static float[] ToFloats(this Tensor t)
    {
        using var host = t.detach().to(ScalarType.Float32).cpu().contiguous();
        return host.data<float>().ToArray();
    }
}
