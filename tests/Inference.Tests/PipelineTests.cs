using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

public sealed class PipelineTests
{
    private static readonly PipelineOptions Busy = new() { DecodeWorkers = 3, EncodeWorkers = 3, QueueCapacity = 2 };

    private static async Task<List<TranslationResult>> Collect(TranslationPipeline pipeline, IEnumerable<TranslationRequest> requests)
    {
        var results = new List<TranslationResult>();
        await foreach (var r in pipeline.RunAsync(requests)) results.Add(r);
        return results;
    }

    private static byte[] Png(Mat image) => ImageCodec.Encode(image, ".png");

    [Fact]
    public async Task Results_come_back_in_order_and_equal_direct_translation()
    {
        using var translator = new Translator(Fixtures.Unet, Fixtures.Light with { BatchSize = 3 });
        var sizes = new[] { (40, 24), (33, 17), (40, 24), (64, 64), (40, 24), (7, 5), (40, 24), (33, 17) };
        var inputs = Enumerable.Range(0, 24).Select(i =>
        {
            var (w, h) = sizes[i % sizes.Length];
            using Mat m = Fixtures.Image(w, h, seed: i);
            return Png(m);
        }).ToArray();
        var pipeline = new TranslationPipeline(translator, Busy);
        var requests = inputs.Select((b, i) => new TranslationRequest(ImageSource.FromBytes(b, $"image{i}")));

        var first = await Collect(pipeline, requests);
        var second = await Collect(pipeline, requests);

        Assert.Equal(Enumerable.Range(0, 24), first.Select(r => r.Index));
        Assert.Equal(first.Select(r => r.SourceName), inputs.Select((_, i) => $"image{i}"));
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.True(first[i].Succeeded, first[i].Error);
            Assert.Equal(first[i].Encoded, second[i].Encoded);
            using Mat decoded = ImageCodec.Decode(inputs[i]);
            using Mat expected = translator.Translate(decoded);
            using Mat actual = ImageCodec.Decode(first[i].Encoded);
            Fixtures.AssertSame(expected, actual);
            Assert.Equal((expected.Width, expected.Height), (first[i].Width, first[i].Height));
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public async Task Concurrent_model_runs_keep_request_order_and_results(int runs, int batch)
    {
        using var translator = new Translator(Fixtures.Unet, Fixtures.Light with { BatchSize = batch, IntraOpThreads = 1 });
        var inputs = Enumerable.Range(0, 17).Select(i =>
        {
            using Mat m = Fixtures.Image(24 + 8 * (i % 3), 16, seed: 100 + i);
            return Png(m);
        }).ToArray();
        inputs[5] = [1, 2, 3];
        var requests = inputs.Select((b, i) => new TranslationRequest(ImageSource.FromBytes(b, $"image{i}"))).ToList();

        var sequential = await Collect(new TranslationPipeline(translator, Busy), requests);
        var concurrent = await Collect(new TranslationPipeline(translator, Busy with { ConcurrentRuns = runs }), requests);

        Assert.Equal(Enumerable.Range(0, inputs.Length), concurrent.Select(r => r.Index));
        Assert.False(concurrent[5].Succeeded);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(i != 5, concurrent[i].Succeeded);
            Assert.Equal(sequential[i].Encoded, concurrent[i].Encoded);
        }
    }

    [Fact]
    public async Task Many_short_runs_finish_and_never_wait_on_their_own_codec_threads()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light with { BatchSize = 2 });
        var pipeline = new TranslationPipeline(translator, new PipelineOptions { DecodeWorkers = 1, EncodeWorkers = 1, QueueCapacity = 1, ConcurrentRuns = 2 });
        byte[][] inputs = Enumerable.Range(0, 3).Select(i =>
        {
            using Mat m = Fixtures.Image(8, 8, seed: i);
            return Png(m);
        }).ToArray();
        // Four streams at once, enumerated without a synchronization context, so continuations run wherever tasks complete.
        var runs = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int run = 0; run < 60; run++)
            {
                var results = pipeline.RunAsync(inputs.Select((b, i) => new TranslationRequest(ImageSource.FromBytes(b, $"i{i}")))).ToBlockingEnumerable().ToList();
                Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
            }
        })));
        Assert.Same(runs, await Task.WhenAny(runs, Task.Delay(TimeSpan.FromSeconds(120))));
        await runs;
    }

    [Fact]
    public void Concurrent_runs_must_be_positive()
    {
        using var translator = new Translator(Fixtures.Unet, Fixtures.Light);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TranslationPipeline(translator, new PipelineOptions { ConcurrentRuns = 0 }));
    }

    [Theory]
    [InlineData(2, 0, 0, 2, 1)]
    [InlineData(1, 0, 0, 1, 1)]
    [InlineData(16, 0, 0, 4, 4)]
    [InlineData(8, 0, 2, 4, 2)]
    [InlineData(8, 1, 0, 1, 8)]
    [InlineData(6, 4, 0, 4, 1)]
    [InlineData(2, 3, 5, 3, 5)]
    public void Cpu_cores_are_split_between_runs_and_threads(int cores, int runs, int threads, int expectedRuns, int expectedThreads) =>
        Assert.Equal((expectedRuns, expectedThreads), CpuParallelism.Split(cores, runs, threads));

    [Fact]
    public async Task Bad_inputs_fail_alone_and_nothing_is_lost()
    {
        using var dir = new TempDir();
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using Mat good = Fixtures.Image(30, 20);
        byte[] png = Png(good), jpg = ImageCodec.Encode(good, ".jpg");
        using Mat deep = Pixels.FromUInt16(Enumerable.Range(0, 30 * 20 * 3).Select(i => (ushort)(i * 97)).ToArray(), 20, 30, 3);
        using Mat gray = Fixtures.Image(30, 20, channels: 1);
        using Mat rgba = Fixtures.Image(30, 20, channels: 4);
        using Mat tiny = Fixtures.Image(1, 1);

        var cases = new (string Name, byte[]? Bytes, bool Ok, string? Error)[]
        {
            ("good.png", png, true, null),
            ("corrupt.png", "\x89PNG\r\n\x1a\n garbage garbage"u8.ToArray(), false, "corrupt.png"),
            ("truncated.png", png[..(png.Length / 2)], false, "truncated.png"),
            ("truncated.jpg", jpg[..(jpg.Length - 2)], false, "truncated JPEG"),
            ("empty.png", [], false, "empty (0 bytes)"),
            ("missing.png", null, false, "file not found"),
            ("deep16.png", Png(deep), true, null),
            ("gray.png", Png(gray), true, null),
            ("rgba.png", Png(rgba), true, null),
            ("tiny.png", Png(tiny), true, null),
            ("text.png", "hello"u8.ToArray(), false, "text.png"),
        };
        var requests = cases.Select(c =>
        {
            string path = c.Bytes is null ? dir["in/" + c.Name] : dir.Write("in/" + c.Name, c.Bytes);
            return new TranslationRequest(ImageSource.FromFile(path), dir["out/" + c.Name]);
        }).ToList();

        var results = await Collect(new TranslationPipeline(translator, Busy), requests);

        Assert.Equal(cases.Length, results.Count);
        for (int i = 0; i < cases.Length; i++)
        {
            var (name, _, ok, error) = cases[i];
            Assert.Equal(i, results[i].Index);
            Assert.True(ok == results[i].Succeeded, $"{name}: {results[i].Error}");
            Assert.Equal(ok, File.Exists(dir["out/" + name]));
            if (error is not null) Assert.Contains(error, results[i].Error);
        }
        using Mat tinyOut = ImageCodec.Read(dir["out/tiny.png"]);
        Assert.Equal((1, 1), (tinyOut.Width, tinyOut.Height));
        Assert.Empty(Directory.GetFiles(dir["out"], "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Streams_and_output_folders()
    {
        using var dir = new TempDir();
        using var translator = new Translator(Fixtures.Gray, Fixtures.Light);
        using Mat image = Fixtures.Image(16, 9);
        var requests = new[]
        {
            new TranslationRequest(ImageSource.FromStream(new MemoryStream(Png(image)), "stream"), dir["a/b/c/out.jpg"]),
            new TranslationRequest(ImageSource.FromBytes(Png(image), "bytes"), dir["out.gif"]),
        };
        var results = await Collect(new TranslationPipeline(translator, Busy), requests);

        Assert.True(results[0].Succeeded, results[0].Error);
        using Mat written = ImageCodec.Read(dir["a/b/c/out.jpg"]);
        Assert.Equal((16, 9, 1), (written.Width, written.Height, written.Channels()));
        Assert.False(results[1].Succeeded);
        Assert.Contains("unsupported image format", results[1].Error);
    }

    [Fact]
    public async Task Large_images_are_tiled_inside_the_stream()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light with { TileSize = 64, TileOverlap = 16, MaxPixelsBeforeTiling = 5000 });
        using var untiled = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using Mat big = Fixtures.Image(200, 120, seed: 4), small = Fixtures.Image(40, 40, seed: 5);
        var requests = new[] { big, small, big }.Select((m, i) => new TranslationRequest(ImageSource.FromBytes(Png(m), $"{i}")));
        var results = await Collect(new TranslationPipeline(translator, Busy), requests);

        using Mat expected = untiled.Translate(big);
        foreach (int i in new[] { 0, 2 })
        {
            using Mat actual = ImageCodec.Decode(results[i].Encoded);
            var (max, _) = Fixtures.Compare(expected, actual);
            Assert.True(max <= 1, $"tiled result differs by {max}");
        }
        Assert.Equal((40, 40), (results[1].Width, results[1].Height));
    }

    [Fact]
    public async Task Stopping_early_cancels_the_rest()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using Mat image = Fixtures.Image(32, 32);
        byte[] png = Png(image);
        int produced = 0;
        IEnumerable<TranslationRequest> Endless()
        {
            while (true)
            {
                Interlocked.Increment(ref produced);
                yield return new TranslationRequest(ImageSource.FromBytes(png, "x"));
            }
        }
        int seen = 0;
        await foreach (var r in new TranslationPipeline(translator, Busy).RunAsync(Endless()))
            if (++seen == 5) break;
        Assert.Equal(5, seen);
        Assert.True(produced < 50, $"{produced} requests were taken after the consumer stopped");
    }

    [Fact]
    public async Task A_failing_request_source_ends_the_stream_with_its_exception()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using Mat image = Fixtures.Image(8, 8);
        byte[] png = Png(image);
        IEnumerable<TranslationRequest> Failing()
        {
            yield return new TranslationRequest(ImageSource.FromBytes(png, "ok"));
            throw new InvalidOperationException("listing failed");
        }
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Collect(new TranslationPipeline(translator), Failing()));
        Assert.Equal("listing failed", e.Message);
    }

    [Fact]
    public async Task Cancellation_is_observed()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using Mat image = Fixtures.Image(64, 64);
        byte[] png = Png(image);
        using var cts = new CancellationTokenSource();
        var requests = Enumerable.Range(0, 1000).Select(i => new TranslationRequest(ImageSource.FromBytes(png, $"{i}")));
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new TranslationPipeline(translator, Busy).RunAsync(requests, cts.Token))
                if (++seen == 3) cts.Cancel();
        });
        Assert.InRange(seen, 3, 20);
    }
}
