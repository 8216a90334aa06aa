namespace Pix2Pix.Onnx.Quantization;

/// <summary>One calibration input: NCHW float values, preprocessed as for inference (pixels/127.5 − 1).</summary>
public sealed record CalibrationBatch
{
    /// <param name="values">Row-major values; their count must match <paramref name="shape"/>.</param>
    /// <param name="shape">[batch, channels, height, width].</param>
    public CalibrationBatch(float[] values, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 4 || shape.Any(d => d < 1))
            throw new ArgumentException($"a calibration batch is NCHW with positive dims, got [{string.Join(", ", shape)}]", nameof(shape));
        var count = shape.Aggregate(1L, (a, d) => a * d);
        if (count != values.Length)
            throw new ArgumentException($"{values.Length} values do not fill [{string.Join(", ", shape)}]", nameof(values));
        (Values, Shape) = (values, shape);
    }

    /// <summary>Row-major NCHW values.</summary>
    public float[] Values { get; }

    /// <summary>[batch, channels, height, width].</summary>
    public long[] Shape { get; }
}
