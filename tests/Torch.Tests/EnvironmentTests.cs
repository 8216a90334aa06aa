
namespace Pix2Pix.Torch.Tests;

public sealed class EnvironmentTests : IDisposable
{
    private readonly DisposeScope _scope = torch.NewDisposeScope();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void Version_Config_ParallelInfo()
    {
        Assert.StartsWith("1.", torch.Version);
        Assert.Contains("PyTorch built with", torch.Config);
        Assert.Contains("ATen parallel backend", torch.ParallelInfo);
    }

    [Fact]
    public void ManualSeed_MatchesPyTorchAndReproduces()
    {
        torch.manual_seed(0);
        // torch.manual_seed(0); torch.randn(4) in PyTorch 1.13
        TestData.Close([1.5409960746765137, -0.293428897857666, -2.1787893772125244, 0.5684312582015991],
            torch.randn([4]).data_double(), 1e-7);
        torch.manual_seed(7);
        var a = torch.rand([5], ScalarType.Float64).data_double();
        torch.manual_seed(7);
        Assert.Equal(a, torch.rand([5], ScalarType.Float64).data_double());
    }

    [Fact]
    public void RngState_RoundTrip_ReproducesRandn()
    {
        torch.manual_seed(11);
        torch.randn([3]);
        var state = torch.get_rng_state();
        Assert.Equal(5056, state.Length);
        var first = torch.randn([8]).data_float();
        torch.randn([100]).normal_();
        Assert.NotEqual(first, torch.randn([8]).data_float());
        torch.set_rng_state(state);
        Assert.Equal(first, torch.randn([8]).data_float());
        Assert.Equal(state, ReStated(state));
        Assert.Throws<TorchException>(() => torch.set_rng_state([1, 2, 3]));
    }

    private static byte[] ReStated(byte[] state)
    {
        torch.set_rng_state(state);
        return torch.get_rng_state();
    }

    [Fact]
    public void NumThreads_SetAndGet()
    {
        var before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            Assert.Equal(1, torch.get_num_threads());
            torch.set_num_threads(2);
            Assert.Equal(2, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(before);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.set_num_threads(0));
    }
}
