using static Pix2Pix.Torch.Tests.TestData;

namespace Pix2Pix.Torch.Tests;

/// <summary>Forward values against numbers worked out by hand.</summary>
public sealed class ValueTests : IDisposable
{
    private readonly DisposeScope _scope = torch.NewDisposeScope();

    public void Dispose() => _scope.Dispose();

    private static Tensor Image3x3() => F64([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, 1, 3, 3);

    [Fact]
    public void Conv2d_Known3x3()
    {
        var k = F64([1, 2, 3, 4], 1, 1, 2, 2);
        var b = F64([1], 1);
        // 1·1+2·2+4·3+5·4 = 37, 2+6+15+24 = 47, 4+10+21+32 = 67, 5+12+24+36 = 77; plus bias 1.
        Close([38, 48, 68, 78], functional.conv2d(Image3x3(), k, b).data_double());
        Assert.Equal(new long[] { 1, 1, 2, 2 }, functional.conv2d(Image3x3(), k, b).shape);
    }

    [Fact]
    public void Conv2d_Known3x3_Stride2Padding1()
    {
        var k = F64([1, 2, 3, 4], 1, 1, 2, 2);
        // windows at (-1,-1): 1·4; (-1,1): 2·3+3·4; (1,-1): 4·2+7·4; (1,1): 5·1+6·2+8·3+9·4.
        Close([4, 18, 36, 77], functional.conv2d(Image3x3(), k, stride: 2, padding: 1).data_double());
    }

    [Fact]
    public void ConvTranspose2d_Stride2_SpreadsEachPixelOverABlock()
    {
        var x = F64([1, 2, 3, 4], 1, 1, 2, 2);
        var k = F64([1, 10, 100, 1000], 1, 1, 2, 2);
        var y = functional.conv_transpose2d(x, k, stride: 2);
        Assert.Equal(new long[] { 1, 1, 4, 4 }, y.shape);
        Close([1, 10, 2, 20, 100, 1000, 200, 2000, 3, 30, 4, 40, 300, 3000, 400, 4000], y.data_double());
    }

    [Fact]
    public void BatchNorm_Training_UpdatesRunningStatsWithMomentum()
    {
        var x = F64([1, 2, 3, 4], 2, 1, 1, 2);
        var mean = torch.zeros([1], ScalarType.Float64);
        var variance = torch.ones([1], ScalarType.Float64);
        var y = functional.batch_norm(x, mean, variance, null, null, training: true, momentum: 0.1, eps: 1e-5);
        // batch mean 2.5, biased variance 1.25 (normalizes), unbiased 5/3 (running estimate)
        var s = Math.Sqrt(1.25 + 1e-5);
        Close([-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s], y.data_double(), 1e-9);
        Close([0.25], mean.data_double(), 1e-12);
        Close([0.9 + 0.1 * 5.0 / 3.0], variance.data_double(), 1e-12);
    }

    [Fact]
    public void BatchNorm_Eval_UsesRunningStats()
    {
        var x = F64([1, 2, 3, 4], 2, 1, 1, 2);
        var y = functional.batch_norm(x, F64([2], 1), F64([4], 1), F64([3], 1), F64([0.5], 1), training: false, eps: 0);
        Close([-1, 0.5, 2, 3.5], y.data_double(), 1e-12);
    }

    [Fact]
    public void InstanceNorm_PerSampleAndChannel()
    {
        var x = F64([1, 3, 10, 30], 2, 1, 1, 2);
        var y = functional.instance_norm(x, null, null, null, null, use_input_stats: true, eps: 0);
        Close([-1, 1, -1, 1], y.data_double(), 1e-12);
    }

    [Fact]
    public void LeakyRelu_Slope() => Close([-0.4, 0, 3], functional.leaky_relu(F64([-2, 0, 3], 3), 0.2).data_double());

    [Fact]
    public void Activations()
    {
        var x = F64([-1, 0, 2], 3);
        Close([0, 0, 2], functional.relu(x).data_double());
        Close([Math.Tanh(-1), 0, Math.Tanh(2)], functional.tanh(x).data_double(), 1e-12);
        Close([1 / (1 + Math.E), 0.5, 1 / (1 + Math.Exp(-2))], functional.sigmoid(x).data_double(), 1e-12);
    }

    [Fact]
    public void Dropout_ScalesKeptElementsAndIsIdentityInEval()
    {
        var x = torch.ones([1000], ScalarType.Float64);
        var kept = functional.dropout(x, 0.25, training: true).data_double();
        Assert.All(kept, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.75) < 1e-12));
        Assert.InRange(kept.Count(v => v == 0), 180, 320);
        Close(x.data_double(), functional.dropout(x, 0.25, training: false).data_double());
    }

    [Fact]
    public void Pads()
    {
        var x = F64([1, 2, 3, 4, 5, 6], 1, 1, 2, 3);
        Close([2, 1, 2, 3, 2, 5, 4, 5, 6, 5], functional.reflection_pad2d(x, 1, 1, 0, 0).data_double());
        Close([0, 0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6], functional.zero_pad2d(x, 1, 0, 1, 0).data_double());
    }

    [Fact]
    public void Losses()
    {
        var x = F64([1, 2, 4], 3);
        var y = F64([2, 2, 1], 3);
        Close([4.0 / 3], functional.l1_loss(x, y).data_double(), 1e-12);
        Close([10.0 / 3], functional.mse_loss(x, y).data_double(), 1e-12);
        Close([Math.Log(2)], functional.binary_cross_entropy_with_logits(F64([0], 1), F64([1], 1)).data_double(), 1e-12);
        // -log(sigmoid(100)) underflows naively; the stable form gives exp(-100)
        Close([100], functional.binary_cross_entropy_with_logits(F64([100], 1), F64([0], 1)).data_double(), 1e-9);
    }

    [Fact]
    public void Reductions_And_Comparisons()
    {
        var x = F64([1, -2, 3, 4, 5, -6], 2, 3);
        Assert.Equal(5.0, x.sum().item());
        Assert.Equal(5.0 / 6, x.mean().item(), 12);
        Close([5, 3, -3], x.sum([0]).data_double());
        Close([2.0 / 3, 1], x.mean([1]).data_double(), 1e-12);
        Assert.Equal(5.0, x.max().item());
        Assert.Equal(-6.0, x.min().item());
        Assert.Equal(ScalarType.Float32, x.gt(0).dtype);
        Assert.Equal(new[] { 1f, 0, 1, 1, 1, 0 }, x.gt(0).data_float());
        Assert.Equal(new[] { 1f, 1, 0, 1, 1, 1 }, x.eq(F64([1, -2, 0, 4, 5, -6], 2, 3)).data_float());
        Close([1, -1, 1, 1, 1, -1], x.sign().data_double());
        Close([1, -1, 1, 1, 1, -1], x.clamp(-1, 1).data_double());
    }

    [Fact]
    public void Conversions_And_Data()
    {
        var x = torch.tensor([1.5f, -2.25f, 3f, 4f], [2, 2]);
        Assert.Equal(ScalarType.Float64, x.to(ScalarType.Float64).dtype);
        Assert.Equal(new long[] { 1, -2, 3, 4 }, x.to(ScalarType.Int64).data_long());
        Assert.Equal(new[] { 1.5, -2.25, 3, 4 }, x.data_double());
        var dst = new float[4];
        x.permute(1, 0).CopyTo(dst);
        Assert.Equal(new[] { 1.5f, 3f, -2.25f, 4f }, dst);
        Assert.Equal(-2.25, x.reshape(-1).narrow(0, 1, 1).item());
        Assert.Throws<ArgumentException>(() => torch.tensor([1f, 2f], [3]));
        Assert.Equal(new[] { 7f, 7f }, torch.full([2], 7).data_float());
        Assert.Equal(new long[] { 2, 3 }, torch.tensor([1L, 2, 3, 4, 5, 6], [2, 3]).shape);
        Assert.Equal(4, torch.empty([4]).numel());
        Assert.Equal(4, torch.zeros([2, 3, 4]).size(-1));
        Assert.Equal(3, torch.zeros([2, 3, 4]).size(1));
    }

    [Fact]
    public void MemoryFormat_ChannelsLast()
    {
        var x = torch.randn([2, 3, 4, 5]);
        Assert.True(x.is_contiguous());
        Assert.False(x.is_contiguous(MemoryFormat.ChannelsLast));
        var cl = x.contiguous(MemoryFormat.ChannelsLast);
        Assert.True(cl.is_contiguous(MemoryFormat.ChannelsLast));
        Assert.False(cl.is_contiguous());
        Assert.Equal(x.shape, cl.shape);
        Assert.Equal(x.data_float(), cl.data_float());
    }

    [Fact]
    public void Init_Statistics()
    {
        torch.manual_seed(3);
        var w = torch.empty([256, 128, 3, 3]);
        init.kaiming_normal_(w, 0.2);
        Assert.Equal(Math.Sqrt(2 / 1.04) / Math.Sqrt(128 * 9), Std(w), 2);
        init.xavier_normal_(w, 1.5);
        Assert.Equal(1.5 * Math.Sqrt(2.0 / ((128 + 256) * 9)), Std(w), 3);
        init.constant_(w, 0.25);
        Assert.All(w.data_float(), v => Assert.Equal(0.25f, v));
        init.normal_(w, 1, 0.02);
        Assert.Equal(1, w.mean().item(), 3);

        var q = torch.empty([3, 5], ScalarType.Float64);
        init.orthogonal_(q, 2);
        var gram = q.matmul(q.transpose(0, 1)).data_double();
        Close([4, 0, 0, 0, 4, 0, 0, 0, 4], gram, 1e-9);
    }

    private static double Std(Tensor t) => Math.Sqrt(t.sub(t.mean()).pow(2).mean().item());
}
