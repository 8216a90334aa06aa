namespace Pix2Pix.Onnx.Quantization;

/// <summary>Affine uint8 parameters of one activation tensor: real = (q − ZeroPoint) · Scale.</summary>
internal readonly record struct ActivationParams(float Scale, byte ZeroPoint)
{
    /// <summary>Asymmetric uint8 parameters for [low, high], widened to contain 0 so that zero is exact.</summary>
    public static ActivationParams FromRange(float low, float high)
    {
        low = Math.Min(low, 0);
        high = Math.Max(high, 0);
        var scale = (high - low) / 255f;
        if (!(scale > 0) || !float.IsFinite(scale)) return new ActivationParams(1f, 0);
        var zeroPoint = Math.Clamp(MathF.Round(-low / scale), 0, 255);
        return new ActivationParams(scale, (byte)zeroPoint);
    }
}

/// <summary>Symmetric int8 weights of a convolution, one scale per output channel (axis 0), zero points 0.</summary>
internal sealed record ChannelWeights(sbyte[] Values, float[] Scales)
{
    /// <summary>
    /// Quantizes <paramref name="weight"/> ([C_out, …] row-major) per output channel: scale = max|w| / qmax,
    /// q = round(w / scale) in [−qmax, qmax]. A channel of zeros gets scale 1.
    /// </summary>
    public static ChannelWeights Quantize(float[] weight, int channels, int qmax)
    {
        if (channels < 1 || weight.Length % channels != 0)
            throw new ArgumentException($"{weight.Length} weights do not split into {channels} output channels");
        var per = weight.Length / channels;
        var values = new sbyte[weight.Length];
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var span = weight.AsSpan(c * per, per);
            var peak = 0f;
            foreach (var w in span) peak = Math.Max(peak, Math.Abs(w));
            var scale = peak > 0 ? peak / qmax : 1f;
            scales[c] = scale;
            for (var i = 0; i < per; i++)
                values[c * per + i] = (sbyte)Math.Clamp(MathF.Round(span[i] / scale, MidpointRounding.ToEven), -qmax, qmax);
        }
        return new ChannelWeights(values, scales);
    }

    /// <summary>Bias as int32 with scale inputScale · weightScale[c] per channel (what QLinearConv expects), saturating.</summary>
    public (int[] Values, float[] Scales) QuantizeBias(float[] bias, float inputScale)
    {
        if (bias.Length != Scales.Length)
            throw new ArgumentException($"{bias.Length} bias values for {Scales.Length} output channels");
        var values = new int[bias.Length];
        var scales = new float[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            scales[c] = inputScale * Scales[c];
            var q = Math.Round(bias[c] / (double)scales[c], MidpointRounding.ToEven);
            values[c] = (int)Math.Clamp(q, int.MinValue, int.MaxValue);
        }
        return (values, scales);
    }
}
