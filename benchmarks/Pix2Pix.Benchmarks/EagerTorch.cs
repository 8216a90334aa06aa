using System.Diagnostics;
using OpenCvSharp;
using Pix2Pix.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Pix2Pix.Benchmarks;

/// <summary>The same generator in libtorch: eager eval-mode forward under no_grad through our Torch binding, on ready tensors.</summary>
internal sealed class EagerTorch : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _net;
    private readonly Dictionary<int, Tensor> _inputs = [];
    private readonly float[] _data;
    private readonly int _itemLength, _side;

    public EagerTorch(nn.Module<Tensor, Tensor> net, IReadOnlyList<Mat> images, int maxBatch)
    {
        _net = net;
        _side = images[0].Width;
        _itemLength = ImageTensor.ElementCount(images[0]);
        _data = new float[maxBatch * _itemLength];
        for (int k = 0; k < maxBatch; k++)
            ImageTensor.ToChw(images[k % images.Count], _data.AsSpan(k * _itemLength, _itemLength));
    }

    /// <summary>Seconds of one forward pass at <paramref name="batch"/>.</summary>
    public double RunSeconds(int batch)
    {
        if (!_inputs.TryGetValue(batch, out var x))
            _inputs[batch] = x = torch.tensor(_data.AsSpan(0, batch * _itemLength).ToArray(), [batch, 3, _side, _side]);
        using var noGrad = torch.no_grad();
        var clock = Stopwatch.StartNew();
        using var y = _net.forward(x);
        return clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        foreach (var x in _inputs.Values) x.Dispose();
    }
}
