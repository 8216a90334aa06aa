using Pix2Pix.Training;
using TorchSharp.Modules;

namespace Pix2Pix.Export;

/// <summary>
/// Folds eval-mode batch norm, y = (z − mean)·γ/√(var + ε) + β, into the convolution z = W∗x + b that feeds it:
/// each output channel's weights are scaled by s = γ/√(var + ε) and the bias becomes (b − mean)·s + β.
/// Computed in float64 and rounded once to float32.
/// </summary>
internal static class BatchNormFolding
{
    public static (float[] Weight, float[] Bias) Fold(float[] weight, long[] weightShape, float[]? bias, BatchNorm2d norm, bool outputChannelsFirst)
    {
        var channels = norm.num_features;
        var outputAxis = outputChannelsFirst ? 0 : 1;
        if (weightShape.Length != 4 || weightShape[outputAxis] != channels)
            throw new InvalidOperationException(
                $"cannot fold a {channels}-channel batch norm into a convolution with weight shape [{string.Join(", ", weightShape)}]");

        var gamma = norm.weight.ToHostFloats();
        var beta = norm.bias!.ToHostFloats();
        var mean = norm.running_mean!.ToHostFloats();
        var variance = norm.running_var!.ToHostFloats();
        var scale = new double[channels];
        var foldedBias = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            scale[c] = gamma[c] / Math.Sqrt((double)variance[c] + norm.eps);
            var b = bias is null ? 0.0 : bias[c];
            foldedBias[c] = (float)((b - mean[c]) * scale[c] + beta[c]);
        }

        var kernelArea = weightShape[2] * weightShape[3];
        var foldedWeight = new float[weight.Length];
        for (var i = 0; i < weight.Length; i++)
        {
            var c = outputChannelsFirst ? i / (weightShape[1] * kernelArea) : i / kernelArea % channels;
            foldedWeight[i] = (float)(weight[i] * scale[c]);
        }
        return (foldedWeight, foldedBias);
    }
}
