using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Training;

/// <summary>libtorch's default CPU generator state as text, so a checkpoint resumes with the same dropout masks and crops.</summary>
internal static class RandomState
{
    public static string Capture()
    {
        using var state = get_rng_state();
        return Convert.ToBase64String(state.data<byte>().ToArray());
    }

    public static void Restore(string base64)
    {
        using var state = tensor(Convert.FromBase64String(base64), dtype: ScalarType.Byte);
        set_rng_state(state);
    }
}
