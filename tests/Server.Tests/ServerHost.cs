using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Inference;

namespace Pix2Pix.Samples.Server.Tests;

/// <summary>The sample server on a real Kestrel at a free loopback port, with an HttpClient pointed at it.</summary>
internal sealed class ServerHost : IAsyncDisposable
{
    private ServerHost(WebApplication app, Uri address, GatedTranslator? gate)
    {
        App = app;
        Gate = gate;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>The committed demo generator (the server's default model), copied next to the tests.</summary>
    public static string DemoModel => Path.Combine(AppContext.BaseDirectory, "fixtures", "onnx", "demo_unet64.onnx");

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>The gate in front of the model, when the host was started with one.</summary>
    public GatedTranslator? Gate { get; }

    public TranslationBatcher Batcher => App.Services.GetRequiredService<TranslationBatcher>();

    /// <summary>Starts the server with <c>--Server:Key=value</c> settings; <paramref name="gated"/> puts a <see cref="GatedTranslator"/> in front of the model.</summary>
    public static async Task<ServerHost> StartAsync(IReadOnlyDictionary<string, string>? settings = null, bool gated = false)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--model", DemoModel };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) args.Add($"--Server:{key}={value}");
        WebApplicationBuilder builder = ServerApp.CreateBuilder([.. args]);
        GatedTranslator? gate = null;
        if (gated)
            builder.Services.AddSingleton<IBatchTranslator>(sp => gate = new GatedTranslator(sp.GetRequiredService<MlNetBatchTranslator>()));
        WebApplication app = ServerApp.Build(builder);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ServerHost(app, new Uri(address), gate);
    }

    /// <summary>POSTs bytes as the body of /translate.</summary>
    public Task<HttpResponseMessage> PostAsync(byte[] body, string contentType = "image/png")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return Client.PostAsync("/translate", content);
    }

    /// <summary>Waits until the batcher's state satisfies <paramref name="condition"/> (a minute at most).</summary>
    public async Task WaitForAsync(Func<BatcherStatus, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition(Batcher.Status))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited a minute for {what}; the batcher is {Batcher.Status}");
            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.Open();
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>
/// Holds every batch at a gate until <see cref="Open"/>, then translates it with the real model; records batch sizes.
/// Lets tests fill the queue or form a batch deterministically.
/// </summary>
internal sealed class GatedTranslator(IBatchTranslator inner) : IBatchTranslator
{
    private readonly ManualResetEventSlim _gate = new(false);
    private readonly SemaphoreSlim _entered = new(0);
    private readonly List<int> _sizes = [];

    public IReadOnlyList<int> BatchSizes
    {
        get
        {
            lock (_sizes) return [.. _sizes];
        }
    }

    public void Open() => _gate.Set();

    /// <summary>Waits until a batch has reached the gate.</summary>
    public async Task EnteredAsync()
    {
        if (!await _entered.WaitAsync(TimeSpan.FromMinutes(1))) throw new TimeoutException("no batch reached the gate in a minute");
    }

    public IReadOnlyList<TranslationOutcome> Translate(IReadOnlyList<byte[]> images)
    {
        lock (_sizes) _sizes.Add(images.Count);
        _entered.Release();
        if (!_gate.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("the gate stayed closed for two minutes");
        return inner.Translate(images);
    }
}

/// <summary>What the library gives for an image: <see cref="Translator.Translate"/> on the decoded image, PNG-encoded.</summary>
internal sealed class ReferenceTranslator(string model) : IDisposable
{
    private readonly Translator _translator = new(model, new TranslatorOptions { BatchSize = 1, KeepSourceSize = true });

    public byte[] Png(byte[] encoded)
    {
        using Mat image = ImageCodec.Decode(encoded);
        using Mat translated = _translator.Translate(image);
        return ImageCodec.Encode(translated, ".png");
    }

    public void Dispose() => _translator.Dispose();
}
