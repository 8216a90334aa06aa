using System.Collections.Concurrent;

namespace Pix2Pix.Imaging;

/// <summary>
/// Pillow-exact bicubic resizing of interleaved 8-bit images: the same bytes as <c>Image.resize(size, Image.BICUBIC)</c>
/// in Pillow 9.4, the resize of the official pix2pix data pipeline. See <see cref="PilResampler"/> for the method;
/// this facade keeps one resampler per size pair in a small shared cache.
/// </summary>
public static class PilResize
{
    private const int MaxCached = 32;
    private static readonly ConcurrentDictionary<(int, int, int, int), PilResampler> Resamplers = new();

    /// <summary>
    /// Resizes <paramref name="src"/> (<paramref name="width"/>×<paramref name="height"/>, rows <paramref name="stride"/>
    /// bytes apart) into <paramref name="dst"/> (<paramref name="newWidth"/>×<paramref name="newHeight"/>, rows without padding).
    /// </summary>
    /// <param name="src">Source pixels, interleaved.</param>
    /// <param name="width">Source width in pixels (≥ 1).</param>
    /// <param name="height">Source height in pixels (≥ 1).</param>
    /// <param name="channels">1 (grey, Pillow "L"), 3 (RGB or BGR) or 4 (colour then alpha, Pillow "RGBA").</param>
    /// <param name="stride">Bytes from one source row to the next, at least width·channels.</param>
    /// <param name="dst">Result, at least newWidth·newHeight·channels bytes; must not overlap <paramref name="src"/>.</param>
    /// <param name="newWidth">Result width in pixels (≥ 1).</param>
    /// <param name="newHeight">Result height in pixels (≥ 1).</param>
    /// <exception cref="ArgumentException">A size below 1, a bad channel count, stride or buffer length, or overlapping buffers.</exception>
    public static void Resize(ReadOnlySpan<byte> src, int width, int height, int channels, int stride, Span<byte> dst, int newWidth, int newHeight) =>
        For(width, height, newWidth, newHeight).Resize(src, channels, stride, dst);

    /// <summary>Resizes a tightly packed image into a new array of newWidth·newHeight·channels bytes.</summary>
    /// <inheritdoc cref="Resize(ReadOnlySpan{byte}, int, int, int, int, Span{byte}, int, int)"/>
    public static byte[] Resize(ReadOnlySpan<byte> src, int width, int height, int channels, int newWidth, int newHeight)
    {
        var resampler = For(width, height, newWidth, newHeight);
        if (channels is not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 (L), 3 (RGB) or 4 (RGBA)");
        var dst = new byte[checked(newWidth * newHeight * channels)];
        resampler.Resize(src, channels, width * channels, dst);
        return dst;
    }

    /// <summary>The shared resampler for these sizes (created on first use; immutable and thread-safe).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static PilResampler For(int width, int height, int newWidth, int newHeight)
    {
        var key = (width, height, newWidth, newHeight);
        if (Resamplers.TryGetValue(key, out var resampler))
            return resampler;
        resampler = new PilResampler(width, height, newWidth, newHeight);
        if (Resamplers.Count >= MaxCached)
            Resamplers.Clear();
        return Resamplers.GetOrAdd(key, resampler);
    }
}
