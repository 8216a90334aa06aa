using Pix2Pix.Torch;

namespace Pix2Pix.Training.Nn;

/// <summary>
/// PyTorch's constructor-time initialization of conv layers (kaiming-uniform with a = √5, i.e. U(±1/√fan_in)
/// for weight and bias). Networks are re-initialized by <see cref="Networks.WeightInit"/> right after construction.
/// </summary>
internal static class DefaultInit
{
    public static void ConvLike(Module layer, long fanIn)
    {
        var bound = 1.0 / Math.Sqrt(fanIn);
        using var _ = torch.no_grad();
        foreach (var (_, p) in layer.named_parameters()) p.uniform_(-bound, bound);
    }
}
