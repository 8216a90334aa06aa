using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>Copies of tensor values into managed memory, for checkpoints, exports, metrics and reports.</summary>
public static class TensorHost
{
    /// <summary>The values of a float32 tensor on any device, row-major, as a new array (the tensor is not kept alive).</summary>
    public static float[] ToHostFloats(this Tensor t)
    {
        using var host = t.detach().cpu().contiguous();
        return host.data<float>().ToArray();
    }
}
