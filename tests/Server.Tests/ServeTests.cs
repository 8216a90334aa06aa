using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenCvSharp;
using Pix2Pix.Imaging;
using Xunit.Abstractions;

namespace Pix2Pix.Samples.Server.Tests;

/// <summary>The served app end to end: a real Kestrel on loopback, a real HttpClient, the committed demo model.</summary>
public sealed class ServeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Thirty_two_concurrent_clients_get_the_librarys_output_for_every_image()
    {
        const int Clients = 32, PerClient = 8, Distinct = 64;
        byte[][] images = Enumerable.Range(0, Distinct).Select(i => FacadesStyleLabels.Encoded(i, i % 4 == 3 ? ".jpg" : ".png")).ToArray();
        byte[][] expected;
        using (var reference = new ReferenceTranslator(ServerHost.DemoModel))
            expected = images.Select(reference.Png).ToArray();
        await using var host = await ServerHost.StartAsync();
        using (var warm = await host.PostAsync(images[0])) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);

        int total = Clients * PerClient;
        var concurrent = new Reply[total];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            for (int k = 0; k < PerClient; k++)
            {
                int request = client * PerClient + k;
                concurrent[request] = await Reply.TakeAsync(host, request % Distinct, images[request % Distinct]);
            }
        })));
        double concurrentSeconds = clock.Elapsed.TotalSeconds;
        BatcherStatus afterConcurrent = host.Batcher.Status;

        var sequential = new Reply[total];
        clock.Restart();
        for (int request = 0; request < total; request++)
            sequential[request] = await Reply.TakeAsync(host, request % Distinct, images[request % Distinct]);
        double sequentialSeconds = clock.Elapsed.TotalSeconds;

        foreach (Reply reply in concurrent.Concat(sequential))
        {
            Assert.True(reply.Status == HttpStatusCode.OK, $"image {reply.Image}: {(int)reply.Status} {System.Text.Encoding.UTF8.GetString(reply.Body)}");
            Assert.Equal("image/png", reply.ContentType);
            AssertSamePixels(expected[reply.Image], reply.Body, $"image {reply.Image}");
        }
        Assert.Equal(2 * total + 1, host.Batcher.Status.Translated);
        Assert.True(afterConcurrent.LargestBatch > 1, $"32 concurrent clients never formed a batch of more than one: {afterConcurrent}");

        output.WriteLine($"{total} requests of 256² facades-style labels ({Distinct} distinct, PNG and JPEG), demo_unet64, MaxBatchSize 8, MaxWaitMs 5, load {Load()} (shared machine: numbers for information, the claim comes from `serve-load`)");
        output.WriteLine($"32 clients × 8: {F(total / concurrentSeconds)} req/s, p50 {F(Percentile(concurrent, 50))} ms, p99 {F(Percentile(concurrent, 99))} ms; " +
                         $"{afterConcurrent.Batches - 1} batches, largest {afterConcurrent.LargestBatch}");
        output.WriteLine($"one at a time: {F(total / sequentialSeconds)} req/s, p50 {F(Percentile(sequential, 50))} ms, p99 {F(Percentile(sequential, 99))} ms");
        output.WriteLine($"concurrent/sequential throughput {F(sequentialSeconds / concurrentSeconds)}");
    }

    [Fact]
    public async Task Bad_bodies_get_400_or_413_with_a_message_and_the_server_keeps_serving()
    {
        byte[] good = FacadesStyleLabels.Encoded(7, ".png");
        byte[] expected;
        using (var reference = new ReferenceTranslator(ServerHost.DemoModel)) expected = reference.Png(good);
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string> { ["MaxRequestBytes"] = "100000" });
        byte[] oversized = FacadesStyleLabels.Encoded(8, ".bmp", side: 200);
        Assert.True(oversized.Length > 100_000);

        var cases = new (string Name, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string Message)[]
        {
            ("text", () => host.PostAsync("this is not an image"u8.ToArray(), "text/plain"), HttpStatusCode.BadRequest, "unrecognised image format"),
            ("truncated PNG", () => host.PostAsync(good[..(good.Length / 2)]), HttpStatusCode.BadRequest, "could not be translated"),
            ("PNG signature only", () => host.PostAsync(good[..8]), HttpStatusCode.BadRequest, "could not be translated"),
            ("empty", () => host.PostAsync([]), HttpStatusCode.BadRequest, "no image"),
            ("oversized", () => host.PostAsync(oversized, "image/bmp"), HttpStatusCode.RequestEntityTooLarge, "at most 100000 bytes"),
            ("oversized, chunked", () => host.Client.SendAsync(Chunked(oversized)), HttpStatusCode.RequestEntityTooLarge, "100000 bytes at most"),
            ("oversized, multipart", () => host.Client.PostAsync("/translate", Multipart(oversized)), HttpStatusCode.RequestEntityTooLarge, "at most 100000"),
            ("multipart without a file", () => host.Client.PostAsync("/translate", new MultipartFormDataContent { { new StringContent("x"), "field" } }), HttpStatusCode.BadRequest, "no file"),
        };
        foreach (var (name, send, status, message) in cases)
        {
            using (HttpResponseMessage response = await send())
            {
                string body = await response.Content.ReadAsStringAsync();
                Assert.True(status == response.StatusCode, $"{name}: {(int)response.StatusCode} {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                string detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
                Assert.Contains(message, detail);
                output.WriteLine($"{name}: {(int)response.StatusCode} {detail}");
            }
            using HttpResponseMessage after = await host.PostAsync(good);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            AssertSamePixels(expected, await after.Content.ReadAsByteArrayAsync(), $"after {name}");
        }
        using HttpResponseMessage upload = await host.Client.PostAsync("/translate", Multipart(good));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        AssertSamePixels(expected, await upload.Content.ReadAsByteArrayAsync(), "multipart upload");
        Assert.Equal(3, host.Batcher.Status.BadImages);
    }

    [Fact]
    public async Task A_bad_image_fails_alone_in_its_batch()
    {
        byte[][] good = [FacadesStyleLabels.Encoded(1, ".png"), FacadesStyleLabels.Encoded(2, ".jpg"), FacadesStyleLabels.Encoded(3, ".png")];
        byte[][] expected;
        using (var reference = new ReferenceTranslator(ServerHost.DemoModel)) expected = good.Select(reference.Png).ToArray();
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string> { ["MaxBatchSize"] = "8" }, gated: true);
        Task<HttpResponseMessage> first = host.PostAsync(good[0]);
        await host.Gate!.EnteredAsync();
        Task<HttpResponseMessage>[] batch =
        [
            host.PostAsync(good[1], "image/jpeg"),
            host.PostAsync("GIF89a garbage"u8.ToArray(), "image/gif"),
            host.PostAsync(good[2]),
        ];
        await host.WaitForAsync(s => s.QueueDepth == 3, "three queued requests");
        host.Gate.Open();

        using HttpResponseMessage r0 = await first, r1 = await batch[0], bad = await batch[1], r2 = await batch[2];
        Assert.Equal([1, 3], host.Gate.BatchSizes);
        Assert.Equal(HttpStatusCode.OK, r0.StatusCode);
        Assert.Equal(HttpStatusCode.OK, r1.StatusCode);
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        AssertSamePixels(expected[0], await r0.Content.ReadAsByteArrayAsync(), "first");
        AssertSamePixels(expected[1], await r1.Content.ReadAsByteArrayAsync(), "before the bad one");
        AssertSamePixels(expected[2], await r2.Content.ReadAsByteArrayAsync(), "after the bad one");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        string detail = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        Assert.Equal("the image could not be translated: unrecognised image format, or corrupt or truncated image data", detail);
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_Retry_After_and_health_shows_the_depth()
    {
        await using var host = await ServerHost.StartAsync(
            new Dictionary<string, string> { ["MaxBatchSize"] = "1", ["QueueCapacity"] = "2", ["RetryAfterSeconds"] = "3" }, gated: true);
        byte[] image = FacadesStyleLabels.Encoded(4, ".png");
        Task<HttpResponseMessage> running = host.PostAsync(image);
        await host.Gate!.EnteredAsync();
        Task<HttpResponseMessage>[] queued = [host.PostAsync(image), host.PostAsync(image)];
        await host.WaitForAsync(s => s.QueueDepth == 2, "two queued requests");

        using JsonDocument health = JsonDocument.Parse(await host.Client.GetStringAsync("/health"));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.True(health.RootElement.GetProperty("modelLoaded").GetBoolean());
        Assert.Equal(2, health.RootElement.GetProperty("queueDepth").GetInt32());
        Assert.Equal(2, health.RootElement.GetProperty("queueCapacity").GetInt32());

        using (HttpResponseMessage full = await host.PostAsync(image))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), full.Headers.RetryAfter?.Delta);
            string detail = JsonDocument.Parse(await full.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
            Assert.Equal("the translation queue is full (2 requests waiting); retry after 3 s", detail);
        }
        Assert.Equal(1, host.Batcher.Status.Rejected);

        host.Gate.Open();
        foreach (Task<HttpResponseMessage> pending in queued.Prepend(running))
        {
            using HttpResponseMessage response = await pending;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using HttpResponseMessage again = await host.PostAsync(image);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal([1, 1, 1, 1], host.Gate.BatchSizes);
    }

    [Fact]
    public async Task Shutdown_refuses_new_requests_and_finishes_the_queued_and_running_ones()
    {
        byte[][] images = Enumerable.Range(20, 4).Select(i => FacadesStyleLabels.Encoded(i, ".png")).ToArray();
        byte[][] expected;
        using (var reference = new ReferenceTranslator(ServerHost.DemoModel)) expected = images.Select(reference.Png).ToArray();
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string> { ["MaxBatchSize"] = "2" }, gated: true);
        Task<HttpResponseMessage> running = host.PostAsync(images[0]);
        await host.Gate!.EnteredAsync();
        Task<HttpResponseMessage>[] queued = [host.PostAsync(images[1]), host.PostAsync(images[2]), host.PostAsync(images[3])];
        await host.WaitForAsync(s => s.QueueDepth == 3, "three queued requests");

        Task stopping = host.App.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted, "the server stopped with requests unanswered");
        HttpStatusCode? late = null;
        try
        {
            using HttpResponseMessage response = await host.PostAsync(images[0]);
            late = response.StatusCode;
        }
        catch (HttpRequestException)
        {
        }
        Assert.True(late is null or HttpStatusCode.ServiceUnavailable, $"a request sent during shutdown got {late}");
        output.WriteLine($"a request sent during shutdown: {(late is null ? "connection refused" : ((int)late).ToString())}");

        host.Gate.Open();
        HttpResponseMessage[] answers = await Task.WhenAll(queued.Prepend(running));
        for (int i = 0; i < answers.Length; i++)
        {
            using HttpResponseMessage response = answers[i];
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertSamePixels(expected[i], await response.Content.ReadAsByteArrayAsync(), $"request {i}");
        }
        await stopping.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(4, host.Batcher.Status.Translated);
        Assert.False(host.Batcher.Status.Accepting);
        Assert.Equal([1, 2, 1], host.Gate.BatchSizes);
    }

    [Fact]
    public async Task The_upload_page_and_its_sample_are_served()
    {
        await using var host = await ServerHost.StartAsync();
        using HttpResponseMessage page = await host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("fetch(\"translate\"", html);
        byte[] sample = await host.Client.GetByteArrayAsync("/sample-label.png");
        using Mat decoded = ImageCodec.Decode(sample);
        Assert.Equal((64, 64), (decoded.Width, decoded.Height));
        using HttpResponseMessage translated = await host.PostAsync(sample);
        Assert.Equal(HttpStatusCode.OK, translated.StatusCode);
    }

    [Fact]
    public void Bad_settings_and_a_missing_model_stop_the_server_at_startup_with_the_setting_named()
    {
        var range = Assert.Throws<ArgumentException>(() => ServerApp.CreateBuilder(["--max-batch", "0", "--model", ServerHost.DemoModel]));
        Assert.Equal("Server:MaxBatchSize is 0; it must be at least 1", range.Message);
        var queue = Assert.Throws<ArgumentException>(() => ServerApp.CreateBuilder(["--Server:QueueCapacity=-1", "--model", ServerHost.DemoModel]));
        Assert.Equal("Server:QueueCapacity is -1; it must be at least 1", queue.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => ServerApp.CreateBuilder(["--model", "/nonexistent/generator.onnx"]));
        Assert.Contains("/nonexistent/generator.onnx", missing.Message);
    }

    private static HttpRequestMessage Chunked(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/translate") { Content = new ByteArrayContent(body) };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    private static MultipartFormDataContent Multipart(byte[] image)
    {
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "image", "label.png" } };
    }

    internal static void AssertSamePixels(byte[] expectedPng, byte[] actualPng, string what)
    {
        using Mat expected = ImageCodec.Decode(expectedPng), actual = ImageCodec.Decode(actualPng);
        Assert.Equal((expected.Width, expected.Height, expected.Type()), (actual.Width, actual.Height, actual.Type()));
        using var diff = new Mat();
        Cv2.Absdiff(expected, actual, diff);
        using Mat flat = diff.Reshape(1);
        Cv2.MinMaxLoc(flat, out _, out double max);
        Assert.True(max == 0, $"{what}: differs from the Translator's output by up to {max}");
    }

    private static double Percentile(Reply[] replies, int p)
    {
        double[] sorted = replies.Select(r => r.Milliseconds).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string F(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private sealed record Reply(int Image, HttpStatusCode Status, string? ContentType, byte[] Body, double Milliseconds)
    {
        public static async Task<Reply> TakeAsync(ServerHost host, int image, byte[] body)
        {
            long start = Stopwatch.GetTimestamp();
            using HttpResponseMessage response = await host.PostAsync(body, image % 4 == 3 ? "image/jpeg" : "image/png");
            byte[] bytes = await response.Content.ReadAsByteArrayAsync();
            return new Reply(image, response.StatusCode, response.Content.Headers.ContentType?.MediaType, bytes, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}
