using System.Buffers.Binary;
using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet.Tests;

/// <summary>The "wrong size" bad row: images over <see cref="ImageTranslationOptions.MaxImagePixels"/> or of no pixels.</summary>
public sealed class PixelLimitTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TestImages _images = new();

    private static ImageTranslationOptions Options(long maxPixels) =>
        new() { ModelPath = TestImages.ConvTanh, BatchSize = 4, IntraOpThreads = 1, MaxImagePixels = maxPixels };

    private IDataView Paths(IEnumerable<string> paths) => _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }).ToList());

    private byte[] Encoded(string extension, int width, int height, params int[] flags)
    {
        using Mat image = ImageCodec.Read(_images.Write("source.png", width, height, width * 31 + height));
        Assert.True(Cv2.ImEncode(extension, image, out byte[] bytes, flags), $"OpenCV cannot encode {extension}");
        return bytes;
    }

    public static TheoryData<string, int[]> Formats => new()
    {
        { ".png", [] },
        { ".jpg", [] },
        { ".jpg", [(int)ImwriteFlags.JpegProgressive, 1] },
        { ".bmp", [] },
        { ".webp", [(int)ImwriteFlags.WebPQuality, 80] },
        { ".webp", [(int)ImwriteFlags.WebPQuality, 101] },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_header_gives_the_size_the_decoder_gives(string extension, int[] flags)
    {
        foreach (var (width, height) in new[] { (37, 29), (1, 300), (640, 3) })
        {
            byte[] bytes = Encoded(extension, width, height, flags);
            Assert.True(ImageHeader.TryReadSize(bytes, out long w, out long h), extension);
            using Mat decoded = ImageCodec.Decode(bytes);
            Assert.Equal((decoded.Width, decoded.Height), ((int)w, (int)h));
            Assert.Equal((width, height), ((int)w, (int)h));
        }
    }

    [Fact]
    public void The_header_reader_walks_JPEG_segments_and_reads_extended_WebP_and_leaves_other_formats_to_the_decoder()
    {
        // An application segment of 5,000 bytes before the frame header.
        byte[] jpeg = Encoded(".jpg", 37, 29);
        var app = new byte[5000];
        app[0] = 0xFF;
        app[1] = 0xE5;
        BinaryPrimitives.WriteUInt16BigEndian(app.AsSpan(2), (ushort)(app.Length - 2));
        byte[] padded = [.. jpeg[..2], .. app, .. jpeg[2..]];
        Assert.True(ImageHeader.TryReadSize(padded, out long w, out long h));
        Assert.Equal((37L, 29L), (w, h));
        using (Mat decoded = ImageCodec.Decode(padded)) Assert.Equal((37, 29), (decoded.Width, decoded.Height));

        // VP8X: 24-bit canvas size minus one.
        byte[] vp8x = [.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP8X"u8, 10, 0, 0, 0, 0, 0, 0, 0, 0x0F, 0x27, 0x00, 0x3F, 0x42, 0x0F];
        Assert.True(ImageHeader.TryReadSize(vp8x, out w, out h));
        Assert.Equal((10000L, 1000000L), (w, h));

        Assert.False(ImageHeader.TryReadSize(Encoded(".tiff", 37, 29), out _, out _));
        Assert.False(ImageHeader.TryReadSize(jpeg[..3], out _, out _));
        Assert.False(ImageHeader.TryReadSize([], out _, out _));
    }

    [Fact]
    public void An_image_over_the_limit_stops_the_cursor_naming_its_row_and_size()
    {
        var paths = new List<string> { _images.Write("ok.png", 32, 24, 1), _images.Write("big.png", 64, 48, 2), _images.Write("c.png", 30, 30, 3) };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(1000)).Fit(Paths(paths));
        var delivered = new List<byte[]>();
        var e = Assert.Throws<ImageTranslationException>(() =>
        {
            foreach (byte[] png in transformer.Transform(Paths(paths)).GetColumn<byte[]>("Translated")) delivered.Add(png);
        });
        Assert.Equal($"row 1 ('{paths[1]}'): the image is 64x48 (3,072 pixels), over the limit of 1,000 pixels (MaxImagePixels)", e.Message);
        Assert.Equal(1, e.Row);
        Assert.Single(delivered);
        Assert.Equal(0, transformer.Rows.LiveImages);
    }

    [Fact]
    public void Images_over_the_limit_are_skipped_with_the_reason_whether_the_header_or_the_decoder_tells()
    {
        // TIFF has no header reader: the limit is checked right after decoding, before the model.
        string tiff = _images.WriteBytes("big.tif", Encoded(".tiff", 40, 30));
        var paths = new List<string> { _images.Write("ok.png", 32, 24, 1), _images.Write("big.png", 64, 48, 2), tiff, _images.Write("d.png", 30, 30, 3) };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(1000) with { SkipBadRows = true }).Fit(Paths(paths));
        var rows = _ml.Data.CreateEnumerable<SkippedRow>(transformer.Transform(Paths(paths)), reuseRowObject: false).ToList();
        Assert.Equal(
        [
            "",
            $"row 1 ('{paths[1]}'): the image is 64x48 (3,072 pixels), over the limit of 1,000 pixels (MaxImagePixels)",
            $"row 2 ('{tiff}'): the image is 40x30 (1,200 pixels), over the limit of 1,000 pixels (MaxImagePixels)",
            "",
        ], rows.Select(r => r.TranslatedError));
        Assert.Equal([false, true, true, false], rows.Select(r => r.Translated.Length == 0));
        using Mat last = ImageCodec.Decode(rows[3].Translated);
        Assert.Equal((30, 30), (last.Width, last.Height));

        // 0 lifts the limit.
        using var unlimited = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(0)).Fit(Paths(paths));
        Assert.All(unlimited.Transform(Paths(paths)).GetColumn<byte[]>("Translated"), png => Assert.NotEmpty(png));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Transforms.TranslateImages("T", "ImagePath", Options(-1)));
    }

    /// <summary>A PNG whose header claims 100000 × 100000 pixels (10^10) is refused from its header, under the default limit: never decoded.</summary>
    [Fact]
    public void A_huge_image_is_refused_from_its_header_before_decoding()
    {
        byte[] png = Encoded(".png", 37, 29);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 100_000);
        byte[] empty = Encoded(".png", 37, 29);
        BinaryPrimitives.WriteUInt32BigEndian(empty.AsSpan(16), 0);
        var options = new ImageTranslationOptions { ModelPath = TestImages.ConvTanh, IntraOpThreads = 1 };
        Assert.Equal(8192L * 8192, options.MaxImagePixels);
        using var transformer = _ml.Transforms.TranslateImages("Translated", "Image", options).Fit(_ml.Data.LoadFromEnumerable(new List<BytesRow>()));
        using var engine = _ml.Model.CreatePredictionEngine<BytesRow, BytesPrediction>(transformer);
        var e = Assert.Throws<ImageTranslationException>(() => engine.Predict(new BytesRow { Image = png }));
        Assert.Equal($"row 0 ({png.Length} encoded bytes): the image is 100000x100000 (10,000,000,000 pixels), over the limit of 67,108,864 pixels (MaxImagePixels)", e.Message);
        // The largest sizes a PNG header can hold: their product passes a long.
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), uint.MaxValue);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), uint.MaxValue);
        e = Assert.Throws<ImageTranslationException>(() => engine.Predict(new BytesRow { Image = png }));
        Assert.Equal("the image is 4294967295x4294967295 (18,446,744,065,119,617,025 pixels), over the limit of 67,108,864 pixels (MaxImagePixels)", e.Reason);
        e = Assert.Throws<ImageTranslationException>(() => engine.Predict(new BytesRow { Image = empty }));
        Assert.Equal("the image has no pixels (0x29)", e.Reason);
        Assert.Equal(0, transformer.Rows.Batches);
        Assert.Equal(0, transformer.Rows.LiveImages);
    }

    [Fact]
    public void An_MLImage_over_the_limit_is_named_by_its_path()
    {
        var paths = new List<string> { _images.Write("ok.png", 32, 24, 1), _images.Write("big.png", 64, 48, 2) };
        var pipeline = _ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "ImagePath")
            .Append(_ml.Transforms.TranslateImages("Translated", "Image", Options(1000) with { SkipBadRows = true }));
        var rows = _ml.Data.CreateEnumerable<SkippedRow>(pipeline.Fit(Paths(paths)).Transform(Paths(paths)), reuseRowObject: false).ToList();
        Assert.Equal(["", $"row 1 ('{paths[1]}'): the image is 64x48 (3,072 pixels), over the limit of 1,000 pixels (MaxImagePixels)"], rows.Select(r => r.TranslatedError));
    }

    public void Dispose() => _images.Dispose();
}
