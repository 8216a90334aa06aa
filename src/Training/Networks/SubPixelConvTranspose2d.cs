using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pix2Pix.Training.Networks;

/// <summary>
/// A drop-in for <c>nn.ConvTranspose2d(c_in, c_out, 4, stride: 2, padding: 1)</c> — same <c>weight</c> (c_in, c_out, 4, 4)
/// and <c>bias</c> parameters, same initial values from the same random stream, same results — that runs as one 3×3
/// convolution to 4·c_out channels and a pixel shuffle where that is faster. Output row 2i takes input rows i−1, i
/// with kernel taps 3, 1; row 2i+1 takes rows i, i+1 with taps 2, 0 (columns alike), so each of the four output phases
/// is a 3×3 window over the input with zeros on the unused taps. The 3×3 weights are gathered from the
/// transposed-convolution weights by a constant 0/1 matrix, so gradients flow to the original parameter.
/// </summary>
public sealed class SubPixelConvTranspose2d : nn.Module<Tensor, Tensor>
{
    private const long MinPositions = 32 * 32;

    [ComponentName(Name = "weight")] private readonly Parameter _weight;
    [ComponentName(Name = "bias")] private readonly Parameter? _bias;
    private Tensor? _selection;

    public SubPixelConvTranspose2d(long inChannels, long outChannels, bool bias = true) : base(nameof(SubPixelConvTranspose2d))
    {
        TorchRuntime.EnsureCorrectConvolutions();
        (InChannels, OutChannels) = (inChannels, outChannels);
        using var stock = nn.ConvTranspose2d(inChannels, outChannels, 4, stride: 2, padding: 1, bias: bias);
        using (no_grad())
        {
            _weight = new Parameter(stock.weight!.detach().clone());
            _bias = bias ? new Parameter(stock.bias!.detach().clone()) : null;
        }
        RegisterComponents();
    }

    public long InChannels { get; }
    public long OutChannels { get; }

    /// <summary>Transposed-convolution weights, (c_in, c_out, 4, 4) as PyTorch stores them.</summary>
    public Parameter weight => _weight;

    public Parameter? bias => _bias;

    /// <summary>
    /// Worth it where activations outweigh weights: on 2 cores, forward + backward at 32² and up ran 1.5–2.7× faster
    /// (libtorch 1.13), while the deep 512-to-1024-channel layers at 2²–16² ran 2–8× slower (gathering and
    /// back-propagating through 2.25× the weights dominates there).
    /// </summary>
    public static bool Applies(Tensor x) => x.device.type == DeviceType.CPU && x.shape[0] * x.shape[2] * x.shape[3] >= MinPositions;

    public override Tensor forward(Tensor x)
    {
        if (!Applies(x)) return F.conv_transpose2d(x, _weight, _bias, strides: [2, 2], padding: [1, 1]);
        using var scope = NewDisposeScope();
        var (cin, cout) = (InChannels, OutChannels);
        var selection = _selection ??= Selection().DetachFromDisposeScope();
        var w3 = _weight.reshape(cin * cout, 16).matmul(selection)
                        .reshape(cin, cout, 4, 3, 3).permute(1, 2, 0, 3, 4).reshape(cout * 4, cin, 3, 3);
        var y = F.pixel_shuffle(F.conv2d(x, w3, null, padding: [1, 1]), 2);
        if (_bias is not null) y = y + _bias.reshape(1, cout, 1, 1);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>(16, 36): column (phase, dy, dx) picks the 4×4 tap that output phase uses at window offset (dy, dx), or none.</summary>
    private static Tensor Selection()
    {
        var m = new float[16 * 36];
        for (var py = 0; py < 2; py++)
        for (var px = 0; px < 2; px++)
        for (var dy = 0; dy < 3; dy++)
        for (var dx = 0; dx < 3; dx++)
        {
            var (ty, tx) = (Tap(py, dy), Tap(px, dx));
            if (ty < 0 || tx < 0) continue;
            var column = ((py * 2 + px) * 3 + dy) * 3 + dx;
            m[(ty * 4 + tx) * 36 + column] = 1f;
        }
        return tensor(m, [16, 36]);
    }

    /// <summary>The kernel tap that output phase <paramref name="phase"/> applies to input offset <paramref name="d"/> − 1, or −1.</summary>
    private static int Tap(int phase, int d) => (phase, d) switch
    {
        (0, 0) => 3, (0, 1) => 1,
        (1, 1) => 2, (1, 2) => 0,
        _ => -1,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing) _selection?.Dispose();
        base.Dispose(disposing);
    }
}
