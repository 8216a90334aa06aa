using Pix2Pix.Torch;

namespace Pix2Pix.Training.Nn;

/// <summary>Runs its children in order; children are named "0", "1", … like PyTorch's <c>nn.Sequential</c>.</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _layers;

    /// <summary>Creates the sequence; the sequence owns the layers.</summary>
    public Sequential(params Module[] layers)
    {
        _layers = layers;
        for (var i = 0; i < layers.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]);
    }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        var h = x;
        foreach (var layer in _layers)
        {
            var next = layer.forward(h);
            if (!ReferenceEquals(h, x) && !ReferenceEquals(h, next)) h.Dispose();
            h = next;
        }
        return h;
    }
}
