using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// The official <c>init_weights</c>: conv and transposed-conv weights from the chosen scheme with
/// <c>init_gain</c>, biases 0; batch-norm weight N(1, init_gain), bias 0. Modules are visited children-first,
/// the order of PyTorch's <c>Module.apply</c>.
/// </summary>
public static class WeightInit
{
    public static void Apply(nn.Module net, InitType type = InitType.normal, double gain = 0.02)
    {
        using var _ = no_grad();
        net.apply(m =>
        {
            switch (m)
            {
                case Conv2d c: InitConv(c.weight!, c.bias, type, gain); break;
                case ConvTranspose2d t: InitConv(t.weight!, t.bias, type, gain); break;
                case SubPixelConvTranspose2d s: InitConv(s.weight, s.bias, type, gain); break;
                case BatchNorm2d bn:
                    nn.init.normal_(bn.weight!, 1.0, gain);
                    nn.init.constant_(bn.bias!, 0.0);
                    break;
            }
        });
    }

    private static void InitConv(Tensor weight, Tensor? bias, InitType type, double gain)
    {
        switch (type)
        {
            case InitType.normal: nn.init.normal_(weight, 0.0, gain); break;
            case InitType.xavier: nn.init.xavier_normal_(weight, gain); break;
            case InitType.kaiming: nn.init.kaiming_normal_(weight, 0, nn.init.FanInOut.FanIn); break;
            case InitType.orthogonal: nn.init.orthogonal_(weight, gain); break;
        }
        if (bias is not null) nn.init.constant_(bias, 0.0);
    }
}
