using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

public sealed class TilingTests
{
    private static readonly TranslatorOptions Tiled = Fixtures.Light with { TileSize = 256, TileOverlap = 32, MaxPixelsBeforeTiling = 100_000 };

    [Fact]
    public void Tiled_output_of_a_local_model_equals_the_untiled_one()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Tiled);
        using Mat image = Fixtures.Image(1500, 900, seed: 11);
        var sink = new FloatSink(3, 1500, 900);
        translator.TranslateTiled(image, sink);
        var (untiled, _) = Fixtures.OrtRun(Fixtures.ConvTanh, ImageTensor.ToChw(image), 3, 900, 1500);

        float max = 0;
        for (int i = 0; i < untiled.Length; i++) max = Math.Max(max, Math.Abs(untiled[i] - sink.Values[i]));
        Assert.True(max <= 1e-3f, $"tiled differs from untiled by up to {max}");
        Assert.True(sink.RowsInOrder, "rows must be written top to bottom, each once");

        using Mat viaTranslate = translator.Translate(image);
        using Mat expected = ImageTensor.FromChw(untiled, 3, 900, 1500);
        var (maxByte, differing) = Fixtures.Compare(expected, viaTranslate);
        Assert.True(maxByte <= 1 && differing < 50, $"{differing} bytes differ, by up to {maxByte}");
    }

    [Fact]
    public void Axis_shorter_than_a_tile_is_padded_like_an_untiled_image()
    {
        using var tiled = new Translator(Fixtures.ConvTanh, Tiled);
        using var whole = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using Mat image = Fixtures.Image(1030, 101, seed: 12);
        using Mat a = tiled.Translate(image), b = whole.Translate(image);
        var (max, differing) = Fixtures.Compare(b, a);
        Assert.True(max <= 1 && differing < 10, $"{differing} bytes differ, by up to {max}");
    }

    [Fact]
    public void Non_local_model_is_tiled_without_visible_seams()
    {
        using var tiled = new Translator(Fixtures.Unet, Tiled with { BatchSize = 3 });
        using var whole = new Translator(Fixtures.Unet, Fixtures.Light);
        using Mat image = Fixtures.Image(700, 300, seed: 13);
        using Mat a = tiled.Translate(image), b = whole.Translate(image);
        Assert.Equal((700, 300, 3), (a.Width, a.Height, a.Channels()));
        var (max, _) = Fixtures.Compare(b, a);
        Assert.True(max <= 8, $"tiles differ from the whole image by up to {max}");
    }

    [Fact]
    public void Gray_model_tiles_to_a_gray_image()
    {
        using var translator = new Translator(Fixtures.Gray, Fixtures.Light with { TileSize = 64, TileOverlap = 16, MaxPixelsBeforeTiling = 1000 });
        using Mat image = Fixtures.Image(150, 70, channels: 3);
        using Mat output = translator.Translate(image);
        Assert.Equal((150, 70, 1), (output.Width, output.Height, output.Channels()));
    }

    [Theory]
    [InlineData(1500, 256, 32, 4)]
    [InlineData(257, 256, 32, 4)]
    [InlineData(100, 256, 32, 4)]
    [InlineData(1000, 64, 0, 1)]
    [InlineData(999, 128, 60, 4)]
    public void Tile_weights_cover_every_pixel_and_seams_cross_fade(int length, int tile, int overlap, int multiple)
    {
        var axis = TileAxis.Create(length, tile, overlap, multiple);
        Assert.Equal(0, axis.Starts[0]);
        Assert.Equal(length, axis.Starts[^1] + axis.Valid(axis.Count - 1));
        Assert.Equal(0, axis.Extent % multiple);
        var total = new double[length];
        for (int k = 0; k < axis.Count; k++)
        {
            Assert.Equal(axis.Valid(k), axis.Weights[k].Length);
            for (int x = 0; x < axis.Valid(k); x++) total[axis.Starts[k] + x] += axis.Weights[k][x];
        }
        Assert.All(total, t => Assert.True(t > 0));
        if (axis.Count > 2)
            for (int x = axis.Starts[1]; x < axis.Starts[0] + tile; x++)
                Assert.Equal(1.0, total[x], 5);
    }

    [Fact]
    public void Seam_edges_within_a_quarter_overlap_get_no_weight()
    {
        Assert.Equal(0f, TileAxis.Ramp(7, 32));
        Assert.True(TileAxis.Ramp(8, 32) > 0f);
        Assert.Equal(1f, TileAxis.Ramp(24, 32));
        Assert.Equal(1.0, TileAxis.Ramp(10, 32) + TileAxis.Ramp(31 - 10, 32), 6);
    }

    private sealed class FloatSink(int channels, int width, int height) : ITileSink
    {
        private int _next;

        public float[] Values { get; } = new float[channels * width * height];

        public bool RowsInOrder { get; private set; } = true;

        public void WriteRows(int top, int rows, ReadOnlySpan<float> chw)
        {
            RowsInOrder &= top == _next;
            _next = top + rows;
            for (int c = 0; c < channels; c++)
                chw.Slice(c * rows * width, rows * width).CopyTo(Values.AsSpan((c * height + top) * width));
        }
    }
}
