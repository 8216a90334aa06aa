using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet.Tests;

/// <summary>The batched cursor's overlapped decode / model run / encode: same bytes, order, errors and clean disposal.</summary>
public sealed class OverlapTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TestImages _images = new();

    private static ImageTranslationOptions Options(string model, int batchSize) => new() { ModelPath = model, BatchSize = batchSize, IntraOpThreads = 1 };

    private IDataView Paths(IEnumerable<string> paths) => _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }).ToList());

    /// <summary>Eleven images of four sizes, in an order that mixes sizes within batches.</summary>
    private List<string> Images() => Enumerable.Range(0, 11)
        .Select(i => _images.Write($"{i}.png", (i % 4) switch { 0 => 64, 1 => 37, 2 => 32, _ => 21 }, (i % 4) switch { 0 => 48, 1 => 29, 2 => 32, _ => 50 }, i))
        .Prepend(TestImages.DemoLabel)
        .ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Overlapped_batches_give_the_bytes_of_one_image_at_a_time(int batchSize)
    {
        var paths = Images();
        using var translator = new Translator(TestImages.Unet, new TranslatorOptions { IntraOpThreads = 1 });
        var sequential = paths.Select(p =>
        {
            using Mat source = ImageCodec.Read(p);
            using Mat translated = translator.Translate(source);
            return ImageCodec.Encode(translated, ".png");
        }).ToList();

        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.Unet, batchSize)).Fit(Paths(paths));
        var rows = _ml.Data.CreateEnumerable<TranslatedRow>(transformer.Transform(Paths(paths)), reuseRowObject: false).ToList();
        Assert.Equal(paths, rows.Select(r => r.ImagePath));
        Assert.Equal(sequential, rows.Select(r => r.Translated));
        Assert.Equal((paths.Count + batchSize - 1) / batchSize, transformer.Rows.Batches);
        Assert.Equal(0, transformer.Rows.LiveImages);

        using var engine = _ml.Model.CreatePredictionEngine<PathRow, TranslatedRow>(transformer);
        Assert.Equal(sequential[1], engine.Predict(new PathRow { ImagePath = paths[1] }).Translated);
    }

    [Fact]
    public void The_view_read_twice_gives_the_same_output()
    {
        var paths = Images();
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.ConvTanh, 3)).Fit(Paths(paths));
        IDataView view = transformer.Transform(Paths(paths));
        var first = view.GetColumn<byte[]>("Translated").ToList();
        var second = view.GetColumn<byte[]>("Translated").ToList();
        Assert.Equal(paths.Count, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(2 * 4, transformer.Rows.Batches);
        Assert.Equal(0, transformer.Rows.LiveImages);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void A_cursor_disposed_mid_stream_stops_its_work_and_later_cursors_are_fine(int rowsRead)
    {
        var paths = Enumerable.Range(0, 24).Select(i => _images.Write($"{i}.png", 48, 40, i)).ToList();
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.Unet, 2)).Fit(Paths(paths));
        IDataView view = transformer.Transform(Paths(paths));
        var expected = new List<byte[]>();
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            var getter = cursor.GetGetter<VBuffer<byte>>(view.Schema["Translated"]);
            VBuffer<byte> png = default;
            for (int i = 0; i < rowsRead && cursor.MoveNext(); i++)
            {
                getter(ref png);
                expected.Add(png.DenseValues().ToArray());
            }
        }
        // Dispose waited for the work under way and released every image; nothing runs afterwards.
        Assert.Equal(0, transformer.Rows.LiveImages);
        long batches = transformer.Rows.Batches;
        Assert.InRange(batches, (rowsRead + 1) / 2, (rowsRead + 1) / 2 + 3);
        Thread.Sleep(300);
        Assert.Equal(batches, transformer.Rows.Batches);

        var all = view.GetColumn<byte[]>("Translated").ToList();
        Assert.Equal(paths.Count, all.Count);
        Assert.Equal(expected, all.Take(rowsRead));
        Assert.Equal(0, transformer.Rows.LiveImages);
    }

    [Fact]
    public void A_failure_of_the_input_itself_comes_after_the_rows_before_it()
    {
        var paths = Enumerable.Range(0, 7).Select(i => _images.Write($"{i}.png", 32, 32, i)).ToList();
        // A column whose getter throws at row 4 (not a bad image: the input view itself fails there).
        IDataView data = _ml.Data.LoadFromEnumerable(paths.Select(p => new FailingPath { Path = p }).ToList());
        using var transformer = _ml.Transforms.TranslateImages("Translated", "Image", Options(TestImages.ConvTanh, 3)).Fit(data);
        var delivered = new List<byte[]>();
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (byte[] png in transformer.Transform(data).GetColumn<byte[]>("Translated")) delivered.Add(png);
        });
        Assert.Equal("the source failed", e.Message);
        Assert.Equal(4, delivered.Count);
        Assert.All(delivered, png => Assert.NotEmpty(png));
        Assert.Equal(0, transformer.Rows.LiveImages);
    }

    public void Dispose() => _images.Dispose();

    public sealed class FailingPath
    {
        public string Path { get; set; } = "";

        public string Image => Path.EndsWith("4.png", StringComparison.Ordinal) ? throw new InvalidOperationException("the source failed") : Path;
    }
}
