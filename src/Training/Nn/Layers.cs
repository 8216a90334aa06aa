using Pix2Pix.Torch;
using F = Pix2Pix.Torch.functional;

namespace Pix2Pix.Training.Nn;

/// <summary>2-D convolution with square kernel; weight (C_out, C_in, k, k), optional bias.</summary>
public sealed class Conv2d : Module
{
    private readonly long _stride, _padding;

    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true)
    {
        (InChannels, OutChannels, KernelSize, _stride, _padding) = (inChannels, outChannels, kernelSize, stride, padding);
        RegisterParameter("weight", torch.empty([outChannels, inChannels, kernelSize, kernelSize]));
        if (bias) RegisterParameter("bias", torch.zeros([outChannels]));
        DefaultInit.ConvLike(this, inChannels * kernelSize * kernelSize);
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long KernelSize { get; }
    public long Stride => _stride;
    public long Padding => _padding;
    public Tensor weight => Parameter("weight");
    public Tensor? bias => HasParameter("bias") ? Parameter("bias") : null;

    public override Tensor forward(Tensor x) => F.conv2d(x, weight, bias, _stride, _padding);
}

/// <summary>2-D transposed convolution; weight (C_in, C_out, k, k) as PyTorch stores it.</summary>
public sealed class ConvTranspose2d : Module
{
    private readonly long _stride, _padding, _outputPadding;

    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long outputPadding = 0, bool bias = true)
    {
        (InChannels, OutChannels, KernelSize, _stride, _padding, _outputPadding) = (inChannels, outChannels, kernelSize, stride, padding, outputPadding);
        RegisterParameter("weight", torch.empty([inChannels, outChannels, kernelSize, kernelSize]));
        if (bias) RegisterParameter("bias", torch.zeros([outChannels]));
        DefaultInit.ConvLike(this, outChannels * kernelSize * kernelSize);
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long KernelSize { get; }
    public long Stride => _stride;
    public long Padding => _padding;
    public long OutputPadding => _outputPadding;
    public Tensor weight => Parameter("weight");
    public Tensor? bias => HasParameter("bias") ? Parameter("bias") : null;

    /// <summary>
    /// On the CPU the 4×4 stride-2 pad-1 case (every U-Net up-sampling) runs as an equivalent sub-pixel convolution,
    /// which oneDNN executes several times faster than libtorch's transposed-convolution kernel (see <see cref="Kernels"/>).
    /// </summary>
    public override Tensor forward(Tensor x) =>
        Kernels.Optimized && SubPixelConvTranspose.Applies(this, x)
            ? SubPixelConvTranspose.Forward(x, weight, bias)
            : F.conv_transpose2d(x, weight, bias, _stride, _padding, _outputPadding);
}

/// <summary>Batch normalization with affine parameters and running statistics (momentum 0.1, eps 1e-5).</summary>
public sealed class BatchNorm2d : Module
{
    public const double Momentum = 0.1, Eps = 1e-5;

    public BatchNorm2d(long channels)
    {
        Channels = channels;
        RegisterParameter("weight", torch.ones([channels]));
        RegisterParameter("bias", torch.zeros([channels]));
        RegisterBuffer("running_mean", torch.zeros([channels]));
        RegisterBuffer("running_var", torch.ones([channels]));
        RegisterBuffer("num_batches_tracked", torch.zeros([], ScalarType.Int64));
    }

    public long Channels { get; }
    public Tensor weight => Parameter("weight");
    public Tensor bias => Parameter("bias");
    public Tensor running_mean => Buffer("running_mean");
    public Tensor running_var => Buffer("running_var");
    public Tensor num_batches_tracked => Buffer("num_batches_tracked");

    public override Tensor forward(Tensor x)
    {
        if (training)
            using (torch.no_grad()) num_batches_tracked.add_(1);
        return F.batch_norm(x, running_mean, running_var, weight, bias, training, Momentum, Eps);
    }
}

/// <summary>Instance normalization as the official pix2pix configures it: no affine parameters, no running statistics.</summary>
public sealed class InstanceNorm2d : Module
{
    public const double Eps = 1e-5;

    public InstanceNorm2d(long channels) => Channels = channels;

    public long Channels { get; }

    public override Tensor forward(Tensor x) => F.instance_norm(x, null, null, null, null, use_input_stats: true, momentum: 0.1, eps: Eps);
}

/// <summary>Returns its input (the official "none" norm layer).</summary>
public sealed class Identity : Module
{
    public override Tensor forward(Tensor x) => x;
}

public sealed class LeakyReLU(double negativeSlope) : Module
{
    public double NegativeSlope { get; } = negativeSlope;
    public override Tensor forward(Tensor x) => F.leaky_relu(x, NegativeSlope);
}

public sealed class ReLU : Module
{
    public override Tensor forward(Tensor x) => F.relu(x);
}

public sealed class Tanh : Module
{
    public override Tensor forward(Tensor x) => F.tanh(x);
}

/// <summary>Zeroes elements with probability <c>p</c> in training mode and scales the rest by 1/(1−p).</summary>
public sealed class Dropout(double p = 0.5) : Module
{
    public double P { get; } = p;
    public override Tensor forward(Tensor x) => F.dropout(x, P, training);
}

public sealed class ReflectionPad2d(long padding) : Module
{
    public long Padding { get; } = padding;
    public override Tensor forward(Tensor x) => F.reflection_pad2d(x, Padding, Padding, Padding, Padding);
}
