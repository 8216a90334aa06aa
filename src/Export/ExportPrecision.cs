namespace Pix2Pix.Export;

/// <summary>Element type of an exported model's weights and computation.</summary>
public enum ExportPrecision
{
    /// <summary>float32 weights and activations.</summary>
    Float32,

    /// <summary>float16 weights and activations (see <see cref="ExportOptions.Float16Io"/> for the graph's input and output).</summary>
    Float16,
}
