using Microsoft.ML;
using Microsoft.ML.Data;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.MLNet.Tests;

/// <summary>ML.NET's own route (<c>ApplyOnnxModel</c>, one ORT call per row) on the same model and input agrees with ours.</summary>
public sealed class StockOnnxTransformerTests : IDisposable
{
    private const int Width = 40, Height = 24, Values = 3 * Width * Height;

    private readonly MLContext _ml = new(seed: 1);
    private readonly TestImages _images = new();

    public sealed class TensorRow
    {
        public string ImagePath { get; set; } = "";

        [VectorType(Values)]
        public float[] input { get; set; } = [];
    }

    public sealed class TensorOutput
    {
        public string ImagePath { get; set; } = "";

        public float[] output { get; set; } = [];

        public byte[] Translated { get; set; } = [];
    }

    [Fact]
    public void ApplyOnnxModel_with_a_pinned_shape_agrees_with_TranslateImages()
    {
        // conv_tanh's size multiple is 4: 40x24 goes to the model unpadded on both routes.
        var rows = Enumerable.Range(1, 3).Select(seed =>
        {
            string path = _images.Write($"{seed}.png", Width, Height, seed);
            using Mat image = ImageCodec.Read(path);
            return new TensorRow { ImagePath = path, input = ImageTensor.ToChw(image) };
        }).ToList();
        Assert.All(rows, r => Assert.Equal(Values, r.input.Length));
        IDataView data = _ml.Data.LoadFromEnumerable(rows);

        var pipeline = _ml.Transforms.ApplyOnnxModel(["output"], ["input"], TestImages.ConvTanh,
                shapeDictionary: new Dictionary<string, int[]> { ["input"] = [1, 3, Height, Width] }, gpuDeviceId: null, fallbackToCpu: false)
            .Append(_ml.Transforms.TranslateImages("Translated", "ImagePath", new ImageTranslationOptions { ModelPath = TestImages.ConvTanh, IntraOpThreads = 1 }));
        var outputs = _ml.Data.CreateEnumerable<TensorOutput>(pipeline.Fit(data).Transform(data), reuseRowObject: false).ToList();

        using var translator = new Translator(TestImages.ConvTanh, new TranslatorOptions { IntraOpThreads = 1 });
        Assert.Equal(rows.Count, outputs.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            float[] stock = outputs[i].output;
            Assert.Equal(Values, stock.Length);
            var ours = new float[Values];
            translator.Run(rows[i].input, ours, 1, Height, Width);
            float maxDiff = stock.Zip(ours, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(maxDiff <= 1e-5f, $"row {i}: stock and ours differ by {maxDiff}");
            Assert.True(stock.Max() - stock.Min() > 0.5f, "the model output should not be flat");

            using Mat fromStock = ImageTensor.FromChw(stock, 3, Height, Width);
            using Mat translated = ImageCodec.Decode(outputs[i].Translated);
            Assert.Equal(0, TestImages.MaxDifference(fromStock, translated));
        }
    }

    public void Dispose() => _images.Dispose();
}
