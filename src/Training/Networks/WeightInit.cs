using Pix2Pix.Torch;
using Pix2Pix.Training.Nn;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// The official <c>init_weights</c>: conv and transposed-conv weights from the chosen scheme with
/// <c>init_gain</c>, biases 0; batch-norm weight N(1, init_gain), bias 0. Modules are visited children-first,
/// the order of PyTorch's <c>Module.apply</c>.
/// </summary>
public static class WeightInit
{
    public static void Apply(Module net, InitType type = InitType.normal, double gain = 0.02)
    {
        using var _ = torch.no_grad();
        foreach (var m in net.modules_post_order())
        {
            switch (m)
            {
                case Conv2d c: InitConv(c.weight, c.bias, type, gain); break;
                case ConvTranspose2d t: InitConv(t.weight, t.bias, type, gain); break;
                case BatchNorm2d bn:
                    init.normal_(bn.weight, 1.0, gain);
                    init.constant_(bn.bias, 0.0);
                    break;
            }
        }
    }

    private static void InitConv(Tensor weight, Tensor? bias, InitType type, double gain)
    {
        switch (type)
        {
            case InitType.normal: init.normal_(weight, 0.0, gain); break;
            case InitType.xavier: init.xavier_normal_(weight, gain); break;
            case InitType.kaiming: init.kaiming_normal_(weight, 0, "fan_in"); break;
            case InitType.orthogonal: init.orthogonal_(weight, gain); break;
        }
        if (bias is not null) init.constant_(bias, 0.0);
    }
}
