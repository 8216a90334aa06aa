using Pix2Pix.OnnxRuntime;

namespace Pix2Pix.OnnxRuntime.Tests;

/// <summary>The models written by scripts/make_onnx_fixtures.py and a C# reference for conv.onnx.</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", name);

    public static string Conv => Path("conv.onnx");
    public static string Add => Path("add.onnx");
    public static string Types => Path("types.onnx");
    public static string Fold => Path("fold.onnx");

    public static SessionOptions LightOptions() => new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };

    public static InferenceSession Open(string path) { using var o = LightOptions(); return new InferenceSession(path, o); }

    /// <summary>W[o,c,kh,kw] = ((o*27 + c*9 + kh*3 + kw) % 11 - 5) / 10, as in the generator.</summary>
    public static float Weight(int o, int c, int kh, int kw) => ((o * 27 + c * 9 + kh * 3 + kw) % 11 - 5) / 10f;

    public static readonly float[] Bias = [0.5f, -0.25f];

    /// <summary>3x3 convolution, stride 1, zero padding 1, 3 -> 2 channels, NCHW.</summary>
    public static float[] ReferenceConv(float[] x, int n, int h, int w)
    {
        var y = new float[n * 2 * h * w];
        for (var b = 0; b < n; b++)
        for (var o = 0; o < 2; o++)
        for (var i = 0; i < h; i++)
        for (var j = 0; j < w; j++)
        {
            double acc = Bias[o];
            for (var c = 0; c < 3; c++)
            for (var kh = 0; kh < 3; kh++)
            for (var kw = 0; kw < 3; kw++)
            {
                int yi = i + kh - 1, xj = j + kw - 1;
                if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
                acc += Weight(o, c, kh, kw) * x[((b * 3 + c) * h + yi) * w + xj];
            }
            y[((b * 2 + o) * h + i) * w + j] = (float)acc;
        }
        return y;
    }

    public static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var data = new float[count];
        for (var i = 0; i < count; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return data;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            if (Math.Abs(expected[i] - actual[i]) > tolerance)
                Assert.Fail($"Element {i}: expected {expected[i]}, got {actual[i]}.");
    }
}
