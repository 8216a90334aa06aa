using static Pix2Pix.Torch.Tests.TestData;

namespace Pix2Pix.Torch.Tests;

/// <summary>Autograd gradients of every differentiable op against central finite differences (float64).</summary>
public sealed class GradientTests : IDisposable
{
    private readonly DisposeScope _scope = torch.NewDisposeScope();

    public void Dispose() => _scope.Dispose();

    private static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => GradCheck.Check(f, inputs);

    [Fact]
    public void Conv2d_StridePaddingBias() =>
        Check(t => functional.conv2d(t[0], t[1], t[2], stride: 2, padding: 1), Leaf(1, 2, 2, 5, 5), Leaf(2, 3, 2, 3, 3), Leaf(3, 3));

    [Fact]
    public void Conv2d_NoBiasDilationGroups() =>
        Check(t => functional.conv2d(t[0], t[1], dilation: 2, groups: 2), Leaf(4, 1, 4, 5, 5), Leaf(5, 2, 2, 2, 2));

    [Fact]
    public void ConvTranspose2d_StridePaddingOutputPaddingBias() =>
        Check(t => functional.conv_transpose2d(t[0], t[1], t[2], stride: 2, padding: 1, output_padding: 1),
            Leaf(6, 1, 2, 3, 3), Leaf(7, 2, 3, 4, 4), Leaf(8, 3));

    [Fact]
    public void BatchNorm_Training_InputWeightBias()
    {
        var mean = torch.zeros([2], ScalarType.Float64);
        var variance = torch.ones([2], ScalarType.Float64);
        Check(t => functional.batch_norm(t[0], mean, variance, t[1], t[2], training: true),
            Leaf(9, 4, 2, 2, 2), Positive(10, 0.5, 1.5, 2), Leaf(11, 2));
    }

    [Fact]
    public void BatchNorm_Eval_InputWeightBias()
    {
        var mean = Leaf(12, 2).detach();
        var variance = Positive(13, 0.5, 2, 2).detach();
        Check(t => functional.batch_norm(t[0], mean, variance, t[1], t[2], training: false),
            Leaf(14, 3, 2, 2, 2), Positive(15, 0.5, 1.5, 2), Leaf(16, 2));
    }

    [Fact]
    public void InstanceNorm_Affine() =>
        Check(t => functional.instance_norm(t[0], null, null, t[1], t[2], use_input_stats: true),
            Leaf(17, 2, 2, 3, 3), Positive(18, 0.5, 1.5, 2), Leaf(19, 2));

    [Fact]
    public void InstanceNorm_NoAffine() =>
        Check(t => functional.instance_norm(t[0], null, null, null, null, use_input_stats: true), Leaf(20, 1, 2, 3, 3));

    [Fact]
    public void LeakyRelu() => Check(t => functional.leaky_relu(t[0], 0.2), Leaf(21, 3, 4));

    [Fact]
    public void Relu() => Check(t => functional.relu(t[0]), Leaf(22, 3, 4));

    [Fact]
    public void Tanh() => Check(t => functional.tanh(t[0]), Leaf(23, 3, 4));

    [Fact]
    public void Sigmoid() => Check(t => functional.sigmoid(t[0]), Leaf(24, 3, 4));

    [Fact]
    public void Dropout_SameMaskEachEvaluation() =>
        GradCheck.Check(t => functional.dropout(t[0], 0.3, training: true), [Leaf(25, 4, 5)], beforeEach: () => torch.manual_seed(99));

    [Fact]
    public void Cat() => Check(t => torch.cat([t[0], t[1]], 1), Leaf(26, 2, 2, 3), Leaf(27, 2, 1, 3));

    [Fact]
    public void Stack() => Check(t => torch.stack([t[0], t[1]], 0), Leaf(28, 2, 3), Leaf(29, 2, 3));

    [Fact]
    public void ReflectionPad2d() => Check(t => functional.reflection_pad2d(t[0], 1, 2, 2, 1), Leaf(30, 1, 2, 3, 4));

    [Fact]
    public void PixelShuffle() => Check(t => functional.pixel_shuffle(t[0], 2), Leaf(34, 1, 8, 2, 3));

    [Fact]
    public void ZeroPad2d() => Check(t => functional.zero_pad2d(t[0], 1, 0, 2, 1), Leaf(31, 1, 2, 3, 3));

    [Fact]
    public void Add_WithAlphaAndBroadcast() => Check(t => t[0].add(t[1], 0.7), Leaf(32, 2, 3), Leaf(33, 3));

    [Fact]
    public void Sub() => Check(t => t[0] - t[1], Leaf(34, 2, 3), Leaf(35, 2, 3));

    [Fact]
    public void Mul() => Check(t => t[0] * t[1], Leaf(36, 2, 3), Leaf(37, 2, 3));

    [Fact]
    public void Div() => Check(t => t[0] / t[1], Leaf(38, 2, 3), Positive(39, 0.5, 2, 2, 3));

    [Fact]
    public void ScalarOperators() => Check(t => (3.0 - t[0]) * 2.0 + 1.5 / t[0] - t[0] / 4.0, Positive(40, 0.5, 2, 2, 3));

    [Fact]
    public void Pow_Scalar() => Check(t => t[0].pow(2.5), Positive(41, 0.5, 2, 2, 3));

    [Fact]
    public void Pow_Tensor() => Check(t => t[0].pow(t[1]), Positive(42, 0.5, 2, 2, 3), Leaf(43, 2, 3));

    [Fact]
    public void Abs() => Check(t => t[0].abs(), Leaf(44, 2, 3));

    [Fact]
    public void Mean() => Check(t => t[0].mean(), Leaf(45, 2, 3));

    [Fact]
    public void Mean_Dims() => Check(t => t[0].mean([0, 2], keepdim: true), Leaf(46, 2, 3, 2));

    [Fact]
    public void Sum() => Check(t => t[0].sum(), Leaf(47, 2, 3));

    [Fact]
    public void Sum_Dims() => Check(t => t[0].sum([1]), Leaf(48, 2, 3, 2));

    [Fact]
    public void Neg() => Check(t => -t[0], Leaf(49, 2, 3));

    [Fact]
    public void Exp() => Check(t => t[0].exp(), Leaf(50, 2, 3));

    [Fact]
    public void Log() => Check(t => t[0].log(), Positive(51, 0.5, 2, 2, 3));

    [Fact]
    public void Sqrt() => Check(t => t[0].sqrt(), Positive(52, 0.5, 2, 2, 3));

    [Fact]
    public void Clamp() => Check(t => t[0].clamp(-0.5, 0.5), Leaf(53, 3, 4));

    [Fact]
    public void MaxMin() => Check(t => t[0].max() - t[0].min(), Leaf(54, 3, 4));

    [Fact]
    public void Matmul() => Check(t => t[0].matmul(t[1]), Leaf(55, 2, 3), Leaf(56, 3, 4));

    [Fact]
    public void Views_ReshapePermuteSliceNarrowTranspose() =>
        Check(t => t[0].reshape(3, 2, 4).permute(2, 0, 1).slice(0, 0, 4, 2).narrow(1, 1, 2).transpose(1, 2).contiguous().view(-1),
            Leaf(57, 2, 3, 4));

    [Fact]
    public void L1Loss() => Check(t => functional.l1_loss(t[0], t[1]), Leaf(58, 2, 3), Leaf(59, 2, 3));

    [Fact]
    public void MseLoss() => Check(t => functional.mse_loss(t[0], t[1]), Leaf(60, 2, 3), Leaf(61, 2, 3));

    [Fact]
    public void BceWithLogits()
    {
        var target = Positive(63, 0, 1, 2, 3).detach();
        Check(t => functional.binary_cross_entropy_with_logits(t[0], target), Leaf(62, 2, 3));
    }

    [Fact]
    public void AutogradGrad_FirstOrder() =>
        Check(t =>
        {
            var y = (t[0] * t[0] * t[1]).sum();
            return functional.grad([y], [t[0]], create_graph: true)[0];
        }, Leaf(64, 2, 3), Leaf(65, 2, 3));

    [Fact]
    public void AutogradGrad_DoubleBackward_GradientPenalty() =>
        Check(t =>
        {
            var score = functional.leaky_relu(functional.conv2d(t[0], t[1], padding: 1), 0.2).pow(2).sum();
            var g = functional.grad([score], [t[0]], create_graph: true)[0];
            return (g.pow(2).sum().sqrt() - 1).pow(2);
        }, Leaf(66, 1, 1, 3, 3), Leaf(67, 2, 1, 2, 2));
}
