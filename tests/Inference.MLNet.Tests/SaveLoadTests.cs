using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using OpenCvSharp;
using System.Diagnostics;
using Pix2Pix.Imaging;
using Pix2Pix.Tests.Shared;

namespace Pix2Pix.Inference.MLNet.Tests;

/// <summary><c>mlContext.Model.Save</c> / <c>Load</c> of a pipeline with TranslateImages: the model travels in the zip, the loaded pipeline gives the same pixels.</summary>
public sealed class SaveLoadTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TestImages _images = new();

    private static ImageTranslationOptions Options(string model) => new() { ModelPath = model, BatchSize = 4, IntraOpThreads = 1 };

    /// <summary>
    /// Sizes that need no padding, REFLECT_101 padding (pads smaller than the image) and REFLECT padding (pads as large
    /// as the image or larger, which repeats the edge, periodically), at unet.onnx's size multiple.
    /// </summary>
    private List<string> Images() =>
    [
        TestImages.DemoLabel,
        _images.Write("a.png", 64, 48, 1),
        _images.Write("b.png", 37, 29, 2),
        _images.Write("c.png", 21, 50, 3),
        _images.Write("tiny.png", 3, 5, 4),
        _images.Write("one.png", 1, 1, 5),
    ];

    private IDataView Paths(IEnumerable<string> paths) => _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }).ToList());

    private string SaveTranslation(ImageTranslationOptions options, IDataView data, string name = "model.zip")
    {
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", options).Fit(data);
        string zip = Path.Combine(_images.Folder, name);
        _ml.Model.Save(transformer, data.Schema, zip);
        return zip;
    }

    [Theory]
    [InlineData("unet.onnx")]
    [InlineData("conv_tanh.onnx")]
    public void A_loaded_pipeline_gives_the_translators_pixels_at_every_padding(string model)
    {
        var paths = Images();
        string zip = SaveTranslation(Options(TestImages.Model(model)), Paths(paths));
        var loaded = new MLContext().Model.Load(zip, out DataViewSchema inputSchema);
        Assert.Equal("ImagePath", inputSchema.Single().Name);
        var rows = _ml.Data.CreateEnumerable<TranslatedRow>(loaded.Transform(Paths(paths)), reuseRowObject: false).ToList();

        Assert.Equal(paths, rows.Select(r => r.ImagePath));
        using var translator = new Translator(TestImages.Model(model), new TranslatorOptions { IntraOpThreads = 1 });
        foreach (var row in rows)
        {
            using Mat source = ImageCodec.Read(row.ImagePath);
            using Mat expected = translator.Translate(source);
            using Mat actual = ImageCodec.Decode(row.Translated);
            Assert.Equal((source.Width, source.Height), (actual.Width, actual.Height));
            Assert.True(TestImages.MaxDifference(expected, actual) == 0, $"{Path.GetFileName(row.ImagePath)} differs");
        }
    }

    /// <summary>
    /// An int8 model saved here and loaded by another process (samples/LoadSavedModel, whose code never names Pix2Pix:
    /// ML.NET's loader finds the contracts by the assembly name in the zip) writes the Translator's pixels.
    /// </summary>
    [Fact]
    public async Task A_fresh_process_loads_the_saved_pipeline_and_writes_the_same_images()
    {
        var paths = Images();
        var fp32 = Pix2Pix.Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(TestImages.Unet));
        var int8 = Pix2Pix.Onnx.Quantization.Quantizer.Quantize(fp32, Pix2Pix.Onnx.Quantization.CalibrationImages.Load(paths, channels: 3, size: 32));
        string int8Path = _images.WriteBytes("unet_int8.onnx", Google.Protobuf.MessageExtensions.ToByteArray(int8));
        string zip = SaveTranslation(Options(int8Path), Paths(paths));
        File.Delete(int8Path);

        string app = Path.Combine(RepoPaths.Root, "samples", "LoadSavedModel", "bin", "Release", "net10.0", "LoadSavedModel.dll");
        Assert.True(File.Exists(app), $"samples/LoadSavedModel was not built at {app}");
        string output = Path.Combine(_images.Folder, "out");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { app, zip, output }.Concat(paths)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stdout}{await stderr}");
        Assert.Contains($"{paths.Count} images translated through column 'Translated'", await stdout);

        File.WriteAllBytes(int8Path, Google.Protobuf.MessageExtensions.ToByteArray(int8));
        using var translator = new Translator(int8Path, new TranslatorOptions { IntraOpThreads = 1 });
        foreach (string path in paths)
        {
            using Mat source = ImageCodec.Read(path);
            using Mat expected = translator.Translate(source);
            using Mat actual = ImageCodec.Read(Path.Combine(output, Path.GetFileNameWithoutExtension(path) + ".png"));
            Assert.True(TestImages.MaxDifference(expected, actual) == 0, $"{Path.GetFileName(path)} differs");
        }
    }

    [Fact]
    public void The_model_travels_inside_the_zip()
    {
        var paths = Images().Take(2).ToList();
        string copy = Path.Combine(_images.Folder, "moved.onnx");
        File.Copy(TestImages.Unet, copy);
        string zip = SaveTranslation(Options(copy), Paths(paths));
        File.Delete(copy);
        var loaded = new MLContext().Model.Load(zip, out _);
        byte[] png = loaded.Transform(Paths(paths)).GetColumn<byte[]>("Translated").First();
        using Mat actual = ImageCodec.Decode(png);
        using var translator = new Translator(TestImages.Unet, new TranslatorOptions { IntraOpThreads = 1 });
        using Mat source = ImageCodec.Read(paths[0]);
        using Mat expected = translator.Translate(source);
        Assert.Equal(0, TestImages.MaxDifference(expected, actual));
    }

    [Fact]
    public void Encoded_bytes_with_bad_rows_skipped_load_with_the_callers_error_column()
    {
        var good = _images.Write("g.png", 40, 24, 7);
        var rows = new List<BytesRow> { new() { Image = File.ReadAllBytes(good) }, new() { Image = [1, 2, 3] }, new() { Image = [] } };
        IDataView data = _ml.Data.LoadFromEnumerable(rows);
        var options = new ImageTranslationOptions { ModelBytes = File.ReadAllBytes(TestImages.Unet), SkipBadRows = true, ErrorColumnName = "Why" };
        using (var transformer = _ml.Transforms.TranslateImages("Translated", "Image", options).Fit(data))
            _ml.Model.Save(transformer, data.Schema, Path.Combine(_images.Folder, "bytes.zip"));

        var loaded = new MLContext().Model.Load(Path.Combine(_images.Folder, "bytes.zip"), out _);
        IDataView output = loaded.Transform(data);
        Assert.Equal(["Image", "Translated", "Why"], output.Schema.Select(c => c.Name));
        var pngs = output.GetColumn<byte[]>("Translated").ToList();
        var errors = output.GetColumn<string>("Why").ToList();

        using var translator = new Translator(TestImages.Unet, new TranslatorOptions { IntraOpThreads = 1 });
        using Mat source = ImageCodec.Read(good);
        using Mat expected = translator.Translate(source);
        using Mat actual = ImageCodec.Decode(pngs[0]);
        Assert.Equal(0, TestImages.MaxDifference(expected, actual));
        Assert.Equal("", errors[0]);
        Assert.Empty(pngs[1]);
        Assert.Contains("3 encoded bytes", errors[1]);
        Assert.Empty(pngs[2]);
        Assert.Contains("0 encoded bytes", errors[2]);
    }

    /// <summary>LoadImages → TranslateImages with MLImage output, saved as one pipeline: the loaded one gives the same images.</summary>
    [Fact]
    public void A_chain_from_LoadImages_with_image_output_loads_and_gives_the_same_images()
    {
        var paths = Images().Take(4).ToList();
        IDataView data = Paths(paths);
        var pipeline = _ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "ImagePath")
            .Append(_ml.Transforms.TranslateImages("Photo", "Image", Options(TestImages.Unet) with { OutputKind = ImageTranslationOutputKind.Image }));
        var model = pipeline.Fit(data);
        string zip = Path.Combine(_images.Folder, "chain.zip");
        _ml.Model.Save(model, data.Schema, zip);
        ((IDisposable)model.LastTransformer).Dispose();

        var loaded = new MLContext().Model.Load(zip, out _);
        IDataView output = loaded.Transform(data);
        Assert.IsType<ImageDataViewType>(output.Schema["Photo"].Type);
        using var cursor = output.GetRowCursor([output.Schema["ImagePath"], output.Schema["Photo"]]);
        var pathGetter = cursor.GetGetter<ReadOnlyMemory<char>>(output.Schema["ImagePath"]);
        var imageGetter = cursor.GetGetter<MLImage>(output.Schema["Photo"]);
        using var translator = new Translator(TestImages.Unet, new TranslatorOptions { IntraOpThreads = 1 });
        int count = 0;
        while (cursor.MoveNext())
        {
            ReadOnlyMemory<char> path = default;
            MLImage image = null!;
            pathGetter(ref path);
            imageGetter(ref image);
            using Mat source = ImageCodec.Read(path.ToString());
            using Mat expected = translator.Translate(source);
            Assert.Equal((source.Width, source.Height), (image.Width, image.Height));
            using Mat four = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC4, image.Pixels.ToArray());
            using var actual = new Mat();
            Cv2.CvtColor(four, actual, ColorConversionCodes.BGRA2BGR);
            Assert.True(TestImages.MaxDifference(expected, actual) == 0, $"{path} differs");
            count++;
        }
        Assert.Equal(paths.Count, count);
    }

    [Fact]
    public void A_missing_file_in_a_loaded_pipeline_throws_naming_it()
    {
        var paths = Images().Take(1).ToList();
        string zip = SaveTranslation(Options(TestImages.Unet), Paths(paths));
        var loaded = new MLContext().Model.Load(zip, out _);
        string missing = Path.Combine(_images.Folder, "missing.png");
        var e = Record.Exception(() => loaded.Transform(Paths([missing])).GetColumn<byte[]>("Translated").ToList());
        Assert.NotNull(e);
        var failure = e as ImageTranslationException ?? e.InnerException as ImageTranslationException;
        Assert.True(failure is not null, $"expected an ImageTranslationException, got {e}");
        Assert.Contains(missing, failure!.Message);
    }

    [Fact]
    public void What_the_saved_form_cannot_do_is_refused_at_save()
    {
        var paths = Images().Take(1).ToList();
        using var resize = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.Unet) with { ResizeMode = ResizeMode.Resize }).Fit(Paths(paths));
        var e = Assert.Throws<NotSupportedException>(() => _ml.Model.Save(resize, Paths(paths).Schema, Path.Combine(_images.Folder, "r.zip")));
        Assert.Contains("ResizeMode.Resize", e.Message);
        using var gray = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.Model("gray.onnx"))).Fit(Paths(paths));
        e = Assert.Throws<NotSupportedException>(() => _ml.Model.Save(gray, Paths(paths).Schema, Path.Combine(_images.Folder, "g.zip")));
        Assert.Contains("input channel", e.Message);
        using var limited = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(TestImages.Unet) with { MaxImagePixels = 1000 }).Fit(Paths(paths));
        e = Assert.Throws<NotSupportedException>(() => _ml.Model.Save(limited, Paths(paths).Schema, Path.Combine(_images.Folder, "l.zip")));
        Assert.Contains("MaxImagePixels 1000", e.Message);
    }

    [Fact]
    public void A_model_file_changed_after_fit_is_not_saved()
    {
        var paths = Images().Take(1).ToList();
        string copy = Path.Combine(_images.Folder, "changing.onnx");
        File.Copy(TestImages.Unet, copy);
        using var transformer = _ml.Transforms.TranslateImages("Translated", "ImagePath", Options(copy)).Fit(Paths(paths));
        File.AppendAllText(copy, "x");
        var e = Assert.Throws<InvalidOperationException>(() => _ml.Model.Save(transformer, Paths(paths).Schema, Path.Combine(_images.Folder, "c.zip")));
        Assert.Contains("changed after Fit", e.Message);
    }

    public void Dispose() => _images.Dispose();
}
