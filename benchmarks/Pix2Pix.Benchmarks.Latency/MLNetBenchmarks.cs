using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;
using OpenCvSharp;
using Pix2Pix.Export;
using Pix2Pix.Imaging;
using Pix2Pix.Inference.MLNet;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>A row of image paths.</summary>
public sealed class ImagePathRow
{
    public string Path { get; set; } = "";
}

/// <summary>A row with its translated image (PNG bytes).</summary>
public sealed class TranslatedImageRow
{
    public byte[] Translated { get; set; } = [];
}

/// <summary>
/// Images per second over the facades label maps (<see cref="FacadesLabelFiles"/>, 256², PNG files) with the float32 unet_256
/// (<see cref="BenchmarkModels"/>) and 2 ONNX Runtime intra-op threads everywhere. One operation is the whole set through one contender:
/// <list type="bullet">
/// <item>ours: <c>TranslateImages</c> over an IDataView of the paths, batch 1 and 8, every row's PNG column read (decode → model → PNG);</item>
/// <item>the stock ML.NET chain: LoadImages → ResizeImages(256) → ExtractPixels (planar, to [-1, 1]) → ApplyOnnxModel (shape pinned to
/// 1×3×256×256, one ONNX Runtime call per row), then a plain loop turning each output tensor into an 8-bit image and PNG bytes with the
/// same OpenCV encoder ours uses;</item>
/// <item>raw ONNX Runtime on ready tensors (<see cref="SessionBench"/>), batch 1 and 8: the model alone.</item>
/// </list>
/// Before timing, the stock chain's output for the first image is checked against ours (the same pixels, give or take rounding).
/// </summary>
[WarmupCount(1)]
[IterationCount(5)]
public class MLNetBenchmarks
{
    public const int Threads = 2;
    private const int Side = BenchmarkModels.Side;

    private MLContext _ml = null!;
    private IDataView _paths = null!;
    private ImageTranslationTransformer? _ours1, _ours8;
    private ITransformer? _stock;
    private SessionBench? _raw1, _raw8;

    /// <summary>Images per operation (read by the img/s column); <see cref="FacadesLabelFiles.Count"/>.</summary>
    [ParamsSource(nameof(ImageCounts))]
    public int Images { get; set; }

    public static IEnumerable<int> ImageCounts() => [FacadesLabelFiles.Count];

    [GlobalSetup]
    public void Setup()
    {
        if (Images % 8 != 0) throw new InvalidOperationException($"the image count ({Images}) must be a multiple of 8 (raw ONNX Runtime runs batches of 8)");
        var files = FacadesLabelFiles.Paths();
        string model = BenchmarkModels.PathOf(ModelKind.Fp32, new ExportOptions().ConvTransposeAs);
        _ml = new MLContext(seed: 0);
        _paths = _ml.Data.LoadFromEnumerable(files.Select(p => new ImagePathRow { Path = p }).ToList());
        _ours1 = Ours(_ml, _paths, model, batch: 1);
        _ours8 = Ours(_ml, _paths, model, batch: 8);
        _stock = StockChain(_ml, model).Fit(_paths);
        _raw1 = new SessionBench(model, 1, Threads);
        _raw8 = new SessionBench(model, 8, Threads);
        CheckStockAgreesWithOurs(files[0]);
    }

    [Benchmark(Description = "ours, TranslateImages batch 1")]
    public long OursBatch1() => ReadPngColumn(_ours1!.Transform(_paths));

    [Benchmark(Description = "ours, TranslateImages batch 8")]
    public long OursBatch8() => ReadPngColumn(_ours8!.Transform(_paths));

    [Benchmark(Description = "stock ML.NET chain (ApplyOnnxModel)")]
    public long Stock()
    {
        IDataView output = _stock!.Transform(_paths);
        using var cursor = output.GetRowCursor([output.Schema["output"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(output.Schema["output"]);
        VBuffer<float> tensor = default;
        long bytes = 0;
        while (cursor.MoveNext())
        {
            getter(ref tensor);
            using Mat image = ImageTensor.FromChw(tensor.GetValues(), 3, Side, Side);
            bytes += ImageCodec.Encode(image, ".png").Length;
        }
        return bytes;
    }

    [Benchmark(Baseline = true, Description = "raw ORT, ready tensors, batch 1")]
    public void RawOrtBatch1()
    {
        for (int i = 0; i < Images; i++) _raw1!.Run();
    }

    [Benchmark(Description = "raw ORT, ready tensors, batch 8")]
    public void RawOrtBatch8()
    {
        for (int i = 0; i < Images / 8; i++) _raw8!.Run();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours1?.Dispose();
        _ours8?.Dispose();
        (_stock as IDisposable)?.Dispose();
        _raw1?.Dispose();
        _raw8?.Dispose();
    }

    internal static ImageTranslationTransformer Ours(MLContext ml, IDataView paths, string model, int batch) =>
        ml.Transforms.TranslateImages("Translated", nameof(ImagePathRow.Path),
            new ImageTranslationOptions { ModelPath = model, BatchSize = batch, IntraOpThreads = Threads }).Fit(paths);

    /// <summary>What an ML.NET user writes for an ONNX image model with the stock transforms.</summary>
    private static IEstimator<ITransformer> StockChain(MLContext ml, string model) =>
        ml.Transforms.LoadImages("Image", imageFolder: "", inputColumnName: nameof(ImagePathRow.Path))
            .Append(ml.Transforms.ResizeImages("Image", Side, Side, inputColumnName: "Image"))
            .Append(ml.Transforms.ExtractPixels("input", "Image", interleavePixelColors: false, offsetImage: 127.5f, scaleImage: 1 / 127.5f))
            .Append(ml.Transforms.ApplyOnnxModel(new OnnxOptions
            {
                ModelFile = model,
                InputColumns = ["input"],
                OutputColumns = ["output"],
                ShapeDictionary = new Dictionary<string, int[]> { ["input"] = [1, 3, Side, Side] },
                IntraOpNumThreads = Threads,
                InterOpNumThreads = 1,
            }));

    private static long ReadPngColumn(IDataView translated)
    {
        using var cursor = translated.GetRowCursor([translated.Schema["Translated"]]);
        var getter = cursor.GetGetter<VBuffer<byte>>(translated.Schema["Translated"]);
        VBuffer<byte> png = default;
        long bytes = 0;
        while (cursor.MoveNext())
        {
            getter(ref png);
            bytes += png.Length;
        }
        return bytes;
    }

    private void CheckStockAgreesWithOurs(string path)
    {
        IDataView one = _ml.Data.LoadFromEnumerable([new ImagePathRow { Path = path }]);
        IDataView stock = _stock!.Transform(one);
        float[] tensor = stock.GetColumn<float[]>("output").Single();
        using Mat fromStock = ImageTensor.FromChw(tensor, 3, Side, Side);
        byte[] png = _ml.Data.CreateEnumerable<TranslatedImageRow>(_ours8!.Transform(one), reuseRowObject: false).Single().Translated;
        using Mat ours = ImageCodec.Decode(png);
        using var diff = new Mat();
        Cv2.Absdiff(fromStock, ours, diff);
        Cv2.MinMaxLoc(diff.Reshape(1), out _, out double max);
        if (max > 2) throw new InvalidOperationException($"the stock chain and ours disagree on '{path}' by up to {max} levels: the comparison would not be of the same work");
    }
}

/// <summary>
/// One image at a time: a <c>PredictionEngine</c> over our transformer (path in, PNG bytes out: decode → model → encode) against
/// raw ONNX Runtime at batch 1 on a ready tensor (the model alone), 2 intra-op threads each. One operation is one image.
/// </summary>
public class MLNetLatencyBenchmarks
{
    private ImageTranslationTransformer? _ours;
    private PredictionEngine<ImagePathRow, TranslatedImageRow>? _engine;
    private SessionBench? _raw;
    private IReadOnlyList<string> _files = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _files = FacadesLabelFiles.Paths();
        string model = BenchmarkModels.PathOf(ModelKind.Fp32, new ExportOptions().ConvTransposeAs);
        var ml = new MLContext(seed: 0);
        IDataView paths = ml.Data.LoadFromEnumerable(_files.Select(p => new ImagePathRow { Path = p }).ToList());
        _ours = MLNetBenchmarks.Ours(ml, paths, model, batch: 1);
        _engine = ml.Model.CreatePredictionEngine<ImagePathRow, TranslatedImageRow>(_ours);
        _raw = new SessionBench(model, 1, MLNetBenchmarks.Threads);
    }

    [Benchmark(Description = "ours, PredictionEngine, one image")]
    public int PredictionEngine() => _engine!.Predict(new ImagePathRow { Path = _files[_next++ % _files.Count] }).Translated.Length;

    [Benchmark(Baseline = true, Description = "raw ORT, ready tensor, batch 1")]
    public void RawOrtBatch1() => _raw!.Run();

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine?.Dispose();
        _ours?.Dispose();
        _raw?.Dispose();
    }
}
