
namespace Pix2Pix.Torch.Tests;

/// <summary>Compares autograd gradients with central finite differences, in float64.</summary>
internal static class GradCheck
{
    private const double Eps = 1e-6;

    /// <summary>
    /// Checks d/dx of sum(f(inputs) * w) for every input that requires grad, w being a fixed random weight so that every
    /// output element matters. <paramref name="beforeEach"/> runs before every evaluation (e.g. to re-seed dropout).
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double rtol = 1e-5, double atol = 1e-6, Action? beforeEach = null)
    {
        foreach (var x in inputs) Assert.Equal(ScalarType.Float64, x.dtype);
        double[] weight;
        using (torch.NewDisposeScope())
        {
            beforeEach?.Invoke();
            var shape = f(inputs).shape;
            torch.manual_seed(1234);
            weight = torch.randn(shape, ScalarType.Float64).data_double();
        }

        var analytical = Analytical(f, inputs, weight, beforeEach);
        for (var k = 0; k < inputs.Length; k++)
        {
            if (!inputs[k].requires_grad) continue;
            var numerical = Numerical(f, inputs, k, weight, beforeEach);
            Assert.Equal(numerical.Length, analytical[k].Length);
            for (var i = 0; i < numerical.Length; i++)
            {
                var diff = Math.Abs(analytical[k][i] - numerical[i]);
                Assert.True(diff <= atol + rtol * Math.Abs(numerical[i]),
                    $"input {k}, element {i}: analytical {analytical[k][i]:R} vs numerical {numerical[i]:R}");
            }
        }
    }

    private static double[][] Analytical(Func<Tensor[], Tensor> f, Tensor[] inputs, double[] weight, Action? beforeEach)
    {
        using var scope = torch.NewDisposeScope();
        beforeEach?.Invoke();
        var y = f(inputs);
        var loss = Weighted(y, weight);
        var wrt = inputs.Where(x => x.requires_grad).ToArray();
        var grads = functional.grad([loss], wrt);
        var result = new double[inputs.Length][];
        for (int k = 0, j = 0; k < inputs.Length; k++)
            result[k] = inputs[k].requires_grad ? grads[j++].data_double() : [];
        return result;
    }

    private static double[] Numerical(Func<Tensor[], Tensor> f, Tensor[] inputs, int k, double[] weight, Action? beforeEach)
    {
        var x = inputs[k];
        var n = x.numel();
        var result = new double[n];
        for (var i = 0; i < n; i++)
        {
            Nudge(x, i, Eps);
            var plus = Evaluate(f, inputs, weight, beforeEach);
            Nudge(x, i, -2 * Eps);
            var minus = Evaluate(f, inputs, weight, beforeEach);
            Nudge(x, i, Eps);
            result[i] = (plus - minus) / (2 * Eps);
        }
        return result;
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, double[] weight, Action? beforeEach)
    {
        using var scope = torch.NewDisposeScope();
        beforeEach?.Invoke();
        return Weighted(f(inputs), weight).item();
    }

    private static Tensor Weighted(Tensor y, double[] weight) =>
        y.mul(torch.tensor(weight, y.shape)).sum();

    private static void Nudge(Tensor x, long index, double delta)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        x.reshape(-1).narrow(0, index, 1).add_(delta);
    }
}
