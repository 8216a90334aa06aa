using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet.Tests;

/// <summary>MLImage columns (Microsoft.ML.ImageAnalytics) in and out.</summary>
public sealed class ImageColumnTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TestImages _images = new();

    private static ImageTranslationOptions Options(string model, int batchSize = 4) => new() { ModelPath = model, BatchSize = batchSize, IntraOpThreads = 1 };

    private List<string> MixedImages() =>
    [
        TestImages.DemoLabel,
        _images.Write("a.png", 64, 48, 1),
        _images.Write("b.png", 37, 29, 2),
        _images.Write("c.png", 21, 50, 3),
        _images.Write("d.png", 64, 48, 4),
    ];

    private IDataView Paths(IEnumerable<string> paths) => _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }).ToList());

    private List<byte[]> PngsFromPaths(string model, IReadOnlyList<string> paths)
    {
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(model)).Fit(Paths(paths));
        return transformer.Transform(Paths(paths)).GetColumn<byte[]>("Translated").ToList();
    }

    /// <summary>Opaque BGR pixels of an MLImage, through a managed copy (independent of the code under test).</summary>
    private static Mat BgrOf(MLImage image)
    {
        byte[] pixels = image.Pixels.ToArray();
        Assert.Equal(image.Width * image.Height * 4, pixels.Length);
        using Mat four = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC4, pixels);
        var bgr = new Mat();
        Cv2.CvtColor(four, bgr, image.PixelFormat == MLPixelFormat.Rgba32 ? ColorConversionCodes.RGBA2BGR : ColorConversionCodes.BGRA2BGR);
        return bgr;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void LoadImages_then_TranslateImages_gives_what_the_paths_give(int batchSize)
    {
        var paths = MixedImages();
        var expected = PngsFromPaths(TestImages.Unet, paths);
        var pipeline = _ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "ImagePath")
            .Append(_ml.Transforms.TranslateImages("Translated", "Image", Options(TestImages.Unet, batchSize)));
        IDataView data = Paths(paths);
        var model = pipeline.Fit(data);
        Assert.IsType<ImageDataViewType>(model.Transform(data).Schema["Image"].Type);
        var rows = _ml.Data.CreateEnumerable<TranslatedRow>(model.Transform(data), reuseRowObject: false).ToList();
        Assert.Equal(paths, rows.Select(r => r.ImagePath));
        Assert.Equal(expected, rows.Select(r => r.Translated));
        ((IDisposable)model.LastTransformer).Dispose();
    }

    [Fact]
    public void PredictionEngine_takes_an_Rgba32_MLImage()
    {
        using var transformer = _ml.Transforms.TranslateImages("Translated", "Image", Options(TestImages.Unet))
            .Fit(_ml.Data.LoadFromEnumerable(new List<ImageInput>()));
        using var engine = _ml.Model.CreatePredictionEngine<ImageInput, BytesPrediction>(transformer);
        using var translator = new Translator(TestImages.Unet, new TranslatorOptions { IntraOpThreads = 1 });
        foreach (string path in new[] { TestImages.DemoLabel, _images.Write("x.png", 37, 29, 7) })
        {
            using Mat source = ImageCodec.Read(path);
            using Mat rgba = new();
            Cv2.CvtColor(source, rgba, ColorConversionCodes.BGR2RGBA);
            Assert.True(rgba.IsContinuous());
            var pixels = new byte[rgba.Width * rgba.Height * 4];
            System.Runtime.InteropServices.Marshal.Copy(rgba.Data, pixels, 0, pixels.Length);
            using MLImage image = MLImage.CreateFromPixels(source.Width, source.Height, MLPixelFormat.Rgba32, pixels);

            BytesPrediction prediction = engine.Predict(new ImageInput { Image = image });
            using Mat expected = translator.Translate(source);
            using Mat actual = ImageCodec.Decode(prediction.Translated);
            Assert.Equal(0, TestImages.MaxDifference(expected, actual));
        }
    }

    [Theory]
    [InlineData("unet.onnx")]
    [InlineData("gray.onnx")]
    public void MLImage_output_holds_the_pixels_of_the_PNG_output(string model)
    {
        var paths = MixedImages();
        var pngs = PngsFromPaths(TestImages.Model(model), paths);
        var options = Options(TestImages.Model(model), 2) with { OutputKind = ImageTranslationOutputKind.Image };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", options).Fit(Paths(paths));
        IDataView view = transformer.Transform(Paths(paths));
        Assert.Equal(new ImageDataViewType(), view.Schema["Translated"].Type);
        var rows = _ml.Data.CreateEnumerable<ImageOutput>(view, reuseRowObject: false).ToList();
        Assert.Equal(paths.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            using MLImage image = rows[i].Translated!;
            Assert.Equal(MLPixelFormat.Bgra32, image.PixelFormat);
            using Mat png = ImageCodec.Decode(pngs[i]);
            using Mat pngBgr = png.Channels() == 1 ? png.CvtColor(ColorConversionCodes.GRAY2BGR) : png.Clone();
            using Mat pixels = BgrOf(image);
            Assert.Equal(0, TestImages.MaxDifference(pngBgr, pixels));
            Assert.All(image.Pixels.ToArray().Where((_, k) => k % 4 == 3), a => Assert.Equal(255, a));
        }
        Assert.Equal(0, transformer.Rows.LiveImages);
    }

    [Fact]
    public void PredictionEngine_MLImage_outputs_stay_valid_after_the_next_prediction()
    {
        var paths = new List<string> { _images.Write("a.png", 40, 24, 1), _images.Write("b.png", 24, 40, 2) };
        var pngs = PngsFromPaths(TestImages.ConvTanh, paths);
        var options = Options(TestImages.ConvTanh) with { OutputKind = ImageTranslationOutputKind.Image };
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", options).Fit(Paths(paths));
        using var engine = _ml.Model.CreatePredictionEngine<PathRow, ImageOutput>(transformer);
        var predictions = paths.Select(p => engine.Predict(new PathRow { ImagePath = p })).ToList();
        for (int i = 0; i < paths.Count; i++)
        {
            using MLImage image = predictions[i].Translated!;
            using Mat pixels = BgrOf(image);
            using Mat png = ImageCodec.Decode(pngs[i]);
            Assert.Equal(0, TestImages.MaxDifference(png, pixels));
        }
    }

    [Fact]
    public void MLImage_output_declares_its_shape_and_feeds_MLNets_image_transforms()
    {
        var options = Options(TestImages.ConvTanh) with { OutputKind = ImageTranslationOutputKind.Image, SkipBadRows = true };
        var estimator = _ml.Transforms.TranslateImages("Translated", "ImagePath", options);
        SchemaShape shape = estimator.GetOutputSchema(TestImages.ShapeOf<PathRow>(_ml));
        Assert.Equal(["ImagePath", "Translated", "TranslatedError"], shape.Select(c => c.Name));
        Assert.Equal(SchemaShape.Column.VectorKind.Scalar, shape[1].Kind);
        Assert.Equal(new ImageDataViewType(), shape[1].ItemType);

        var paths = new List<string> { _images.Write("a.png", 40, 24, 1), Path.Combine(_images.Folder, "missing.png") };
        using (var alone = estimator.Fit(Paths(paths)))
        {
            var rows = _ml.Data.CreateEnumerable<ImageOutput>(alone.Transform(Paths(paths)), reuseRowObject: false).ToList();
            Assert.Equal((40, 24), (rows[0].Translated!.Width, rows[0].Translated!.Height));
            Assert.Null(rows[1].Translated);
        }

        // ResizeImages disposes the image it gave the previous row (ML.NET's habit), and gives a bad row's a disposed one: good rows only, read as they come.
        paths = [paths[0], _images.Write("b.png", 24, 40, 2)];
        var model = estimator.Append(_ml.Transforms.ResizeImages("Small", 16, 12, "Translated")).Fit(Paths(paths));
        var seen = _ml.Data.CreateEnumerable<ResizedOutput>(model.Transform(Paths(paths)), reuseRowObject: false)
            .Select(r => (r.Translated!.Width, r.Translated.Height, r.Small!.Width, r.Small.Height))
            .ToList();
        Assert.Equal([(40, 24, 16, 12), (24, 40, 16, 12)], seen);
        foreach (var transformer in model.OfType<IDisposable>()) transformer.Dispose();
    }

    [Fact]
    public void An_empty_path_through_LoadImages_is_a_bad_row_naming_it()
    {
        var paths = new List<string> { _images.Write("a.png", 32, 32, 1), "", _images.Write("c.png", 32, 32, 2) };
        var options = Options(TestImages.ConvTanh) with { SkipBadRows = true };
        var pipeline = _ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "ImagePath")
            .Append(_ml.Transforms.TranslateImages("Translated", "Image", options));
        var rows = _ml.Data.CreateEnumerable<SkippedRow>(pipeline.Fit(Paths(paths)).Transform(Paths(paths)), reuseRowObject: false).ToList();
        Assert.Equal(["", "row 1 (MLImage): no image: the MLImage is null (LoadImages gives none for an empty path)", ""], rows.Select(r => r.TranslatedError));
        Assert.Equal([false, true, false], rows.Select(r => r.Translated.Length == 0));

        var strict = _ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "ImagePath")
            .Append(_ml.Transforms.TranslateImages("Translated", "Image", Options(TestImages.ConvTanh)));
        var e = Assert.Throws<ImageTranslationException>(() => strict.Fit(Paths(paths)).Transform(Paths(paths)).GetColumn<byte[]>("Translated").ToList());
        Assert.Equal(1, e.Row);
    }

    public void Dispose() => _images.Dispose();

    public sealed class ImageInput
    {
        public MLImage? Image { get; set; }
    }

    public sealed class ImageOutput
    {
        public string ImagePath { get; set; } = "";

        public MLImage? Translated { get; set; }
    }

    public sealed class ResizedOutput
    {
        public MLImage? Translated { get; set; }

        [ImageType(12, 16)]
        public MLImage? Small { get; set; }

        public string TranslatedError { get; set; } = "";
    }
}
