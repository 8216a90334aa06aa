using System.Diagnostics;
using System.Text.Json;

namespace Pix2Pix.Imaging.Tests;

public sealed class SsimTests
{
    public static TheoryData<string> FixtureCases() => new(LoadFixture().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void MatchesTheNumpyReference(string name)
    {
        var c = LoadFixture().Single(c => c.Name == name);
        double ssim = ImageMetrics.Ssim(c.A, c.B, c.Height, c.Width, c.Channels);
        Assert.Equal(c.Ssim, ssim, 1e-4);
        Assert.Equal(c.Ssim, ssim, 1e-9);
    }

    [Fact]
    public void IdenticalImagesScoreOne()
    {
        var image = RandomImage(40, 33, 3, seed: 1);
        Assert.Equal(1.0, ImageMetrics.Ssim(image, image.ToArray(), 40, 33, 3), 12);
    }

    [Fact]
    public void ConstantImagesDependOnlyOnTheirMeans()
    {
        var gray = Filled(24, 24, 1, 100);
        Assert.Equal(1.0, ImageMetrics.Ssim(gray, Filled(24, 24, 1, 100), 24, 24, 1), 12);
        // zero variance: SSIM = (2·μx·μy + C1) / (μx² + μy² + C1)
        const double c1 = 2.55 * 2.55;
        double expected = (2 * 100.0 * 150 + c1) / (100.0 * 100 + 150.0 * 150 + c1);
        Assert.Equal(expected, ImageMetrics.Ssim(gray, Filled(24, 24, 1, 150), 24, 24, 1), 12);
        Assert.Equal(c1 / (255.0 * 255 + c1), ImageMetrics.Ssim(Filled(24, 24, 1, 0), Filled(24, 24, 1, 255), 24, 24, 1), 12);
    }

    [Fact]
    public void DecreasesAsNoiseGrows()
    {
        const int size = 48;
        var clean = Gradient(size);
        double previous = 1.0;
        foreach (int amplitude in new[] { 2, 8, 20, 45, 90 })
        {
            var rng = new Random(amplitude);
            var noisy = clean.Select(v => (byte)Math.Clamp(v + rng.Next(-amplitude, amplitude + 1), 0, 255)).ToArray();
            double ssim = ImageMetrics.Ssim(clean, noisy, size, size, 3);
            Assert.True(ssim < previous, $"SSIM {ssim} at noise ±{amplitude} is not below {previous}");
            previous = ssim;
        }
        Assert.InRange(previous, -1, 0.5);
    }

    [Fact]
    public void IsSymmetric()
    {
        var a = RandomImage(30, 30, 3, seed: 2);
        var b = RandomImage(30, 30, 3, seed: 3);
        Assert.Equal(ImageMetrics.Ssim(a, b, 30, 30, 3), ImageMetrics.Ssim(b, a, 30, 30, 3), 12);
    }

    [Fact]
    public void RejectsImagesSmallerThanTheWindowOrMismatchedBuffers()
    {
        Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(new byte[10 * 20], new byte[10 * 20], 10, 20, 1));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(new byte[11 * 11 * 3], new byte[11 * 11], 11, 11, 3));
    }

    [Fact]
    public void A256By256RgbPairTakesWellUnder50Milliseconds()
    {
        var a = RandomImage(256, 256, 3, seed: 4);
        var b = RandomImage(256, 256, 3, seed: 5);
        ImageMetrics.Ssim(a, b, 256, 256, 3);
        const int runs = 10;
        var cpu = ThreadCpuTime.Measure(() =>
        {
            for (int i = 0; i < runs; i++)
                ImageMetrics.Ssim(a, b, 256, 256, 3);
        });
        double perCall = cpu.TotalMilliseconds / runs;
        // Debug builds of Pix2Pix.Imaging run unoptimized JIT code, about five times slower.
        double limit = IsOptimized(typeof(ImageMetrics).Assembly) ? 50 : 250;
        Assert.True(perCall < limit, $"SSIM took {perCall:F1} ms of CPU per 256x256x3 pair (limit {limit} ms)");
    }

    private static bool IsOptimized(System.Reflection.Assembly assembly) =>
        assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is not [DebuggableAttribute { IsJITOptimizerDisabled: true }];

    private static byte[] Filled(int height, int width, int channels, byte value) =>
        Enumerable.Repeat(value, height * width * channels).ToArray();

    private static byte[] RandomImage(int height, int width, int channels, int seed)
    {
        var bytes = new byte[height * width * channels];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Gradient(int size)
    {
        var image = new byte[size * size * 3];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int i = 3 * (y * size + x);
                image[i] = (byte)(x * 255 / size);
                image[i + 1] = (byte)(y * 255 / size);
                image[i + 2] = (byte)(128 + 100 * Math.Sin(x / 4.0) * Math.Cos(y / 5.0));
            }
        }
        return image;
    }

    private sealed record FixtureCase(string Name, int Height, int Width, int Channels, byte[] A, byte[] B, double Ssim);

    private static IReadOnlyList<FixtureCase> LoadFixture()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "fixtures", "metrics", "ssim.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("cases").EnumerateArray().Select(c => new FixtureCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("height").GetInt32(),
            c.GetProperty("width").GetInt32(),
            c.GetProperty("channels").GetInt32(),
            Bytes(c.GetProperty("a")),
            Bytes(c.GetProperty("b")),
            c.GetProperty("ssim").GetDouble())).ToList();
    }

    private static byte[] Bytes(JsonElement array) => array.EnumerateArray().Select(v => v.GetByte()).ToArray();
}
