using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet.Tests;

public sealed class TranslateImagesTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TestImages _images = new();

    private static ImageTranslationOptions Options(string model, int batchSize = 4) => new() { ModelPath = model, BatchSize = batchSize, IntraOpThreads = 1 };

    /// <summary>The demo label and images of several sizes (some not multiples of the model's, so they are padded and cropped back).</summary>
    private List<string> MixedImages() =>
    [
        TestImages.DemoLabel,
        _images.Write("a.png", 64, 48, 1),
        _images.Write("b.png", 37, 29, 2),
        _images.Write("c.png", 64, 48, 3),
        _images.Write("d.png", 64, 48, 4),
        _images.Write("e.png", 21, 50, 5),
    ];

    private IDataView Paths(IEnumerable<string> paths) => _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }).ToList());

    private List<TranslatedRow> Run(ImageTranslationOptions options, IReadOnlyList<string> paths)
    {
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", options).Fit(Paths(paths));
        return _ml.Data.CreateEnumerable<TranslatedRow>(transformer.Transform(Paths(paths)), reuseRowObject: false).ToList();
    }

    [Theory]
    [InlineData("unet.onnx")]
    [InlineData("conv_tanh.onnx")]
    public void Transform_gives_the_translators_images_at_the_source_size(string model)
    {
        var paths = MixedImages();
        var rows = Run(Options(TestImages.Model(model)), paths);
        Assert.Equal(paths, rows.Select(r => r.ImagePath));
        using var translator = new Translator(TestImages.Model(model), new TranslatorOptions { IntraOpThreads = 1 });
        foreach (var row in rows)
        {
            using Mat source = ImageCodec.Read(row.ImagePath);
            using Mat expected = translator.Translate(source);
            using Mat actual = ImageCodec.Decode(row.Translated);
            Assert.Equal((source.Width, source.Height), (actual.Width, actual.Height));
            Assert.Equal(0, TestImages.MaxDifference(expected, actual));
        }
    }

    /// <summary>An int8 model (the unet fixture quantized by our quantizer) through the transformer: the Translator's pixels, and close to float32.</summary>
    [Fact]
    public void An_int8_model_gives_the_translators_images_and_stays_close_to_float32()
    {
        var paths = MixedImages();
        var fp32 = Pix2Pix.Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestImages.Unet));
        var calibration = Pix2Pix.Onnx.Quantization.CalibrationImages.Load(paths, channels: 3, size: 32);
        var int8 = Pix2Pix.Onnx.Quantization.Quantizer.Quantize(fp32, calibration);
        string int8Path = Path.Combine(Path.GetDirectoryName(paths[1])!, "unet_int8.onnx");
        File.WriteAllBytes(int8Path, Google.Protobuf.MessageExtensions.ToByteArray(int8));
        Assert.Contains(int8.Graph.Node, n => n.OpType == "QuantizeLinear");

        var rows = Run(Options(int8Path), paths);
        using var translator = new Translator(int8Path, new TranslatorOptions { IntraOpThreads = 1 });
        using var float32 = new Translator(TestImages.Unet, new TranslatorOptions { IntraOpThreads = 1 });
        foreach (var row in rows)
        {
            using Mat source = ImageCodec.Read(row.ImagePath);
            using Mat expected = translator.Translate(source);
            using Mat reference = float32.Translate(source);
            using Mat actual = ImageCodec.Decode(row.Translated);
            Assert.Equal(0, TestImages.MaxDifference(expected, actual));
            double psnr = ImageMetrics.Psnr(Pixels.ToBytes(actual), Pixels.ToBytes(reference));
            Assert.True(psnr >= 30, $"{Path.GetFileName(row.ImagePath)}: int8 vs float32 PSNR {psnr:F1} dB");
        }
    }

    [Fact]
    public void Encoded_bytes_and_model_bytes_give_what_paths_and_a_model_file_give()
    {
        var paths = MixedImages();
        var fromPaths = Run(Options(TestImages.Unet), paths);
        var bytes = _ml.Data.LoadFromEnumerable(paths.Select(p => new BytesRow { Image = File.ReadAllBytes(p) }).ToList());
        var options = new ImageTranslationOptions { ModelBytes = File.ReadAllBytes(TestImages.Unet), IntraOpThreads = 1 };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "Image", options).Fit(bytes);
        var fromBytes = _ml.Data.CreateEnumerable<BytesPrediction>(transformer.Transform(bytes), reuseRowObject: false).ToList();
        Assert.Equal(fromPaths.Select(r => r.Translated), fromBytes.Select(r => r.Translated));
        Assert.Throws<ArgumentException>(() => _ml.Transforms.TranslateImages("T", "Image", options with { ModelPath = TestImages.Unet }));
    }

    [Fact]
    public void Batch_size_1_and_4_give_identical_bytes()
    {
        var paths = MixedImages();
        var one = Run(Options(TestImages.Unet, 1), paths);
        var four = Run(Options(TestImages.Unet, 4), paths);
        Assert.Equal(paths.Count, four.Count);
        for (int i = 0; i < paths.Count; i++) Assert.Equal(one[i].Translated, four[i].Translated);
        Assert.All(four, r => Assert.NotEmpty(r.Translated));
    }

    [Fact]
    public void Transform_reads_batches_ahead_and_translates_each_together()
    {
        var paths = Enumerable.Range(0, 10).Select(i => _images.Write($"{i}.png", 32, 24, i)).ToList();
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.ConvTanh, 4)).Fit(Paths(paths));
        IDataView view = transformer.Transform(Paths(paths));
        using (var cursor = view.GetRowCursor(view.Schema))
        {
            var getter = cursor.GetGetter<VBuffer<byte>>(view.Schema["Translated"]);
            Assert.Equal(0, transformer.Rows.Batches);
            VBuffer<byte> png = default;
            for (int i = 0; cursor.MoveNext(); i++)
            {
                getter(ref png);
                Assert.NotEqual(0, png.Length);
                // Row i's batch has run; the pipeline runs ahead by a bounded number of batches (3 in all here).
                long batches = transformer.Rows.Batches;
                Assert.InRange(batches, i / 4 + 1, 3);
            }
        }
        Assert.Equal(3, transformer.Rows.Batches);
        Assert.Equal(0, transformer.Rows.LiveImages);
    }

    [Fact]
    public void Transform_is_lazy_and_a_cursor_without_the_output_translates_nothing()
    {
        var paths = new List<string> { _images.Write("ok.png", 32, 32, 1), Path.Combine(_images.Folder, "missing.png") };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.ConvTanh)).Fit(Paths(paths));
        IDataView view = transformer.Transform(Paths(paths));
        Assert.Equal(2, view.Schema.Count);
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Byte), view.Schema["Translated"].Type);
        // The missing file is never opened by a cursor that only reads the paths.
        Assert.Equal(paths, view.GetColumn<string>("ImagePath").ToList());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_missing_file_stops_the_cursor_naming_its_row(int batchSize)
    {
        string missing = Path.Combine(_images.Folder, "missing.png");
        var paths = new List<string> { _images.Write("a.png", 32, 32, 1), _images.Write("b.png", 32, 32, 2), missing, _images.Write("d.png", 32, 32, 3) };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.ConvTanh, batchSize)).Fit(Paths(paths));
        var delivered = new List<byte[]>();
        var e = Assert.Throws<ImageTranslationException>(() =>
        {
            foreach (byte[] png in transformer.Transform(Paths(paths)).GetColumn<byte[]>("Translated")) delivered.Add(png);
        });
        Assert.Equal(2, e.Row);
        Assert.Equal(2, delivered.Count);
        Assert.All(delivered, png => Assert.NotEmpty(png));
        Assert.Equal($"row 2 ('{missing}'): file not found", e.Message);
    }

    [Fact]
    public void A_corrupt_file_stops_the_cursor_naming_its_row()
    {
        byte[] png = File.ReadAllBytes(_images.Write("whole.png", 32, 32, 1));
        string corrupt = _images.WriteBytes("corrupt.png", png[..(png.Length / 2)].Concat(new byte[64]).ToArray());
        var paths = new List<string> { corrupt, _images.Write("b.png", 32, 32, 2) };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.ConvTanh)).Fit(Paths(paths));
        var e = Assert.Throws<ImageTranslationException>(() => transformer.Transform(Paths(paths)).GetColumn<byte[]>("Translated").ToList());
        Assert.Equal(0, e.Row);
        Assert.StartsWith($"row 0 ('{corrupt}'): ", e.Message);
        Assert.IsType<ImageException>(e.InnerException);
    }

    [Fact]
    public void Bad_rows_can_be_skipped_with_their_reason_in_the_error_column()
    {
        string missing = Path.Combine(_images.Folder, "missing.png");
        string empty = _images.WriteBytes("empty.png", []);
        var paths = new List<string> { _images.Write("a.png", 32, 32, 1), missing, empty, _images.Write("d.png", 40, 24, 2) };
        var options = Options(TestImages.ConvTanh) with { SkipBadRows = true };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", options).Fit(Paths(paths));
        var rows = _ml.Data.CreateEnumerable<SkippedRow>(transformer.Transform(Paths(paths)), reuseRowObject: false).ToList();
        Assert.Equal(["", $"row 1 ('{missing}'): file not found", $"row 2 ('{empty}'): file is empty (0 bytes)", ""], rows.Select(r => r.TranslatedError));
        Assert.Equal([false, true, true, false], rows.Select(r => r.Translated.Length == 0));
        using Mat last = ImageCodec.Decode(rows[3].Translated);
        Assert.Equal((40, 24), (last.Width, last.Height));
    }

    [Fact]
    public void PredictionEngine_translates_encoded_bytes_one_image_at_a_time()
    {
        using var transformer = _ml.Transforms.TranslateImages("Translated", "Image", Options(TestImages.Unet))
            .Fit(_ml.Data.LoadFromEnumerable(new List<BytesRow>()));
        using var engine = _ml.Model.CreatePredictionEngine<BytesRow, BytesPrediction>(transformer);
        using var translator = new Translator(TestImages.Unet, new TranslatorOptions { IntraOpThreads = 1 });
        foreach (string path in new[] { TestImages.DemoLabel, _images.Write("a.png", 37, 29, 7), TestImages.DemoLabel })
        {
            BytesPrediction prediction = engine.Predict(new BytesRow { Image = File.ReadAllBytes(path) });
            using Mat source = ImageCodec.Read(path);
            using Mat expected = translator.Translate(source);
            using Mat actual = ImageCodec.Decode(prediction.Translated);
            Assert.Equal(0, TestImages.MaxDifference(expected, actual));
        }
    }

    [Fact]
    public void PredictionEngine_names_a_bad_image()
    {
        using var transformer = _ml.Transforms.TranslateImages("Translated", "Image", Options(TestImages.ConvTanh))
            .Fit(_ml.Data.LoadFromEnumerable(new List<BytesRow>()));
        using var engine = _ml.Model.CreatePredictionEngine<BytesRow, BytesPrediction>(transformer);
        var e = Assert.Throws<ImageTranslationException>(() => engine.Predict(new BytesRow { Image = [1, 2, 3, 4, 5] }));
        Assert.Contains("(5 encoded bytes)", e.Message);
    }

    [Fact]
    public void It_fits_in_an_estimator_chain_and_declares_its_output_shape()
    {
        var estimator = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.ConvTanh) with { SkipBadRows = true });
        SchemaShape shape = estimator.GetOutputSchema(TestImages.ShapeOf<PathRow>(_ml));
        Assert.Equal(["ImagePath", "Translated", "TranslatedError"], shape.Select(c => c.Name));
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, shape[1].Kind);
        Assert.Equal(NumberDataViewType.Byte, shape[1].ItemType);
        Assert.Throws<ArgumentException>(() => _ml.Transforms.TranslateImages("T", "Nope", Options(TestImages.ConvTanh)).GetOutputSchema(shape));

        var paths = new List<string> { _images.Write("a.png", 32, 32, 1) };
        var chain = estimator.Append(_ml.Transforms.CopyColumns("Copy", "Translated"));
        var model = chain.Fit(Paths(paths));
        var copy = model.Transform(Paths(paths)).GetColumn<byte[]>("Copy").Single();
        Assert.Equal(ImageCodec.Decode(copy).Size(), new Size(32, 32));
    }

    [Fact]
    public void A_column_of_another_type_is_refused_at_fit()
    {
        var data = _ml.Data.LoadFromEnumerable(new[] { new { X = 1f } }.Select(r => new FloatRow { X = r.X }).ToList());
        var e = Assert.Throws<ArgumentException>(() => _ml.Transforms.TranslateImages("T", "X", Options(TestImages.ConvTanh)).Fit(data));
        Assert.Contains("expected text (image paths), a vector of bytes (encoded images) or an image (MLImage", e.Message);
    }

    [Fact]
    public void Gpu_asked_on_a_machine_without_cuda_falls_back_with_one_line()
    {
        var log = new StringWriter();
        var paths = new List<string> { _images.Write("a.png", 32, 32, 1) };
        var options = Options(TestImages.ConvTanh) with { GpuDeviceId = 0, FallbackToCpu = true, Log = log };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", options).Fit(Paths(paths));
        byte[] png = transformer.Transform(Paths(paths)).GetColumn<byte[]>("Translated").Single();
        using Mat actual = ImageCodec.Decode(png);
        using var cpu = new Translator(TestImages.ConvTanh, new TranslatorOptions { IntraOpThreads = 1 });
        using Mat source = ImageCodec.Read(paths[0]);
        using Mat expected = cpu.Translate(source);
        Assert.Equal(0, TestImages.MaxDifference(expected, actual));
        if (transformer.Translator.GpuDeviceId is null)
        {
            string[] lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Equal(transformer.Translator.FallbackReason, lines[0].TrimEnd('\r'));
            Assert.Throws<CudaUnavailableException>(() =>
                _ml.Transforms.TranslateImages("Translated", "ImagePath", options with { FallbackToCpu = false, Log = null }).Fit(Paths(paths)));
        }
    }

    public void Dispose() => _images.Dispose();
}

public sealed class FloatRow
{
    public float X { get; set; }
}
