using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Pix2Pix.Imaging;
using static Pix2Pix.Benchmarks.Samples;

namespace Pix2Pix.Benchmarks;

/// <summary>
/// The sample server (<c>samples/Server</c>) in its own process over loopback: 32 concurrent clients × 8 requests of
/// facades label maps against the same 256 requests one at a time, taking turns in rounds (throughput ratio, p50/p99),
/// then 2,000 requests with the server's resident memory sampled from <c>/proc</c> (first and last quartile, slope).
/// </summary>
internal static partial class ServeLoadBenchmark
{
    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "rounds; each runs the requests concurrently and then one at a time", DefaultValueFactory = _ => 3 };
        var clients = new Option<int>("--clients") { Description = "concurrent clients", DefaultValueFactory = _ => 32 };
        var perClient = new Option<int>("--per-client") { Description = "requests per client (the one-at-a-time pass sends the same clients × per-client requests)", DefaultValueFactory = _ => 8 };
        var memoryRequests = new Option<int>("--memory-requests") { Description = "requests of the memory pass (0: none)", DefaultValueFactory = _ => 2_000 };
        var model = new Option<string?>("--model") { Description = "exported generator (default: the committed onnx/demo_unet64.onnx)" };
        var maxBatch = new Option<int>("--max-batch") { Description = "the server's MaxBatchSize", DefaultValueFactory = _ => 8 };
        var maxWait = new Option<int>("--max-wait-ms") { Description = "the server's MaxWaitMs", DefaultValueFactory = _ => 5 };
        var workers = new Option<int>("--workers") { Description = "the server's batch workers", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "the server's ONNX Runtime intra-op threads (0: its choice)", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "facades training pairs (default: shared/data/facades/train next to the repo)" };
        var server = new Option<string?>("--server-dll") { Description = "the built server (default: samples/Server/bin/Release/net10.0/Pix2Pix.Samples.Server.dll)" };
        var command = new Command("serve-load", "the sample server over loopback: concurrent vs one-at-a-time throughput, p50/p99, resident memory over 2,000 requests")
            { rounds, clients, perClient, memoryRequests, model, maxBatch, maxWait, workers, threads, data, server };
        command.SetAction(r => Run(new Settings(r.GetValue(rounds), r.GetValue(clients), r.GetValue(perClient), r.GetValue(memoryRequests),
            r.GetValue(model) ?? Path.Combine(RepoPaths.Root(), "onnx", "demo_unet64.onnx"), r.GetValue(maxBatch), r.GetValue(maxWait),
            r.GetValue(workers), r.GetValue(threads), r.GetValue(data) ?? FacadesLabels.DefaultFolder(),
            r.GetValue(server) ?? Path.Combine(RepoPaths.Root(), "samples", "Server", "bin", "Release", "net10.0", "Pix2Pix.Samples.Server.dll"))));
        return command;
    }

    private sealed record Settings(int Rounds, int Clients, int PerClient, int MemoryRequests, string Model, int MaxBatch, int MaxWaitMs,
        int Workers, int Threads, string Data, string ServerDll);

    private sealed record Pass(double Seconds, double[] LatenciesMs, int Errors, string? FirstError);

    private sealed record RssSample(int Done, double RssMiB);

    private static int Run(Settings s)
    {
        if (!File.Exists(s.ServerDll)) throw new FileNotFoundException($"{s.ServerDll} not found: build it first (dotnet build samples/Server -c Release)");
        string loadAtStart = MachineLoad.Now();
        int total = s.Clients * s.PerClient;
        byte[][] images = FacadesLabels.Pairs(s.Data).Take(total).Select(pair =>
        {
            using var label = FacadesLabels.Label(pair);
            return ImageCodec.Encode(label, ".png");
        }).ToArray();
        if (images.Length == 0) throw new InvalidDataException($"no facades pairs in {s.Data}");

        int port = FreePort();
        using Process process = StartServer(s, port, out StringBuilder log);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            WaitUntilHealthy(client, process, log);
            Console.WriteLine($"server: {s.ServerDll} (pid {process.Id}), model {s.Model}, MaxBatchSize {s.MaxBatch}, MaxWaitMs {s.MaxWaitMs}, " +
                              $"{s.Workers} worker(s), {(s.Threads == 0 ? "ONNX Runtime's" : s.Threads.ToString())} intra-op threads");
            Console.WriteLine($"requests: {total} = {s.Clients} clients × {s.PerClient}, facades label maps 256×256 PNG from {s.Data} ({images.Length} distinct); " +
                              $"load average at the start {loadAtStart} on {Environment.ProcessorCount} cores");
            Concurrent(client, images, Math.Min(s.Clients, 8), 2);

            var concurrent = new List<Pass>();
            var sequential = new List<Pass>();
            for (int round = 1; round <= s.Rounds; round++)
            {
                Pass c = Concurrent(client, images, s.Clients, s.PerClient);
                Pass q = Sequential(client, images, total);
                concurrent.Add(c);
                sequential.Add(q);
                Console.WriteLine($"round {round}/{s.Rounds}: concurrent {F(total / c.Seconds, 2)} req/s (p50 {F(Percentile(c.LatenciesMs, 50), 0)} ms), " +
                                  $"one at a time {F(total / q.Seconds, 2)} req/s (p50 {F(Percentile(q.LatenciesMs, 50), 0)} ms); errors {c.Errors} + {q.Errors}");
            }

            List<RssSample> rss = s.MemoryRequests > 0 ? MemoryPass(client, images, s.Clients, s.MemoryRequests, process.Id, out Pass memory) : [];
            string health = client.GetStringAsync("/health").GetAwaiter().GetResult();
            Console.WriteLine($"server health after the run: {health}");
            Console.WriteLine($"load average (1 min) at the start {loadAtStart}, at the end {MachineLoad.Now()}, on {Environment.ProcessorCount} cores");

            int errors = concurrent.Concat(sequential).Sum(p => p.Errors);
            string? firstError = concurrent.Concat(sequential).Select(p => p.FirstError).FirstOrDefault(e => e is not null);
            double concurrentRate = Median(concurrent.Select(p => total / p.Seconds)), sequentialRate = Median(sequential.Select(p => total / p.Seconds));
            double[] cLat = concurrent.SelectMany(p => p.LatenciesMs).ToArray(), qLat = sequential.SelectMany(p => p.LatenciesMs).ToArray();
            Console.WriteLine($"concurrent_rps={F(concurrentRate, 2)}");
            Console.WriteLine($"sequential_rps={F(sequentialRate, 2)}");
            Console.WriteLine($"concurrent_vs_sequential_throughput={F(concurrentRate / sequentialRate, 3)} (goal >= 2)");
            Console.WriteLine($"concurrent_p50_ms={F(Percentile(cLat, 50), 1)}");
            Console.WriteLine($"concurrent_p99_ms={F(Percentile(cLat, 99), 1)}");
            Console.WriteLine($"sequential_p50_ms={F(Percentile(qLat, 50), 1)}");
            Console.WriteLine($"sequential_p99_ms={F(Percentile(qLat, 99), 1)}");
            Console.WriteLine($"errors={errors}{(firstError is null ? "" : $" (first: {firstError})")}");
            bool flat = true;
            if (rss.Count >= 8)
            {
                int quarter = rss.Count / 4;
                double first = rss.Take(quarter).Average(r => r.RssMiB), last = rss.Skip(rss.Count - quarter).Average(r => r.RssMiB);
                double slope = SoakConvertBenchmark.Slope(rss.Select(r => (double)r.Done).ToArray(), rss.Select(r => r.RssMiB).ToArray()) * 1000;
                var half = rss.Skip(rss.Count / 2).ToList();
                double secondHalfSlope = SoakConvertBenchmark.Slope(half.Select(r => (double)r.Done).ToArray(), half.Select(r => r.RssMiB).ToArray()) * 1000;
                Console.WriteLine($"rss_first_quartile_mib={F(first, 1)}");
                Console.WriteLine($"rss_last_quartile_mib={F(last, 1)}");
                Console.WriteLine($"rss_last_vs_first_quartile={F(last / first, 3)}");
                Console.WriteLine($"rss_slope_mib_per_1000_requests={F(slope, 2)}");
                Console.WriteLine($"rss_second_half_slope_mib_per_1000_requests={F(secondHalfSlope, 2)}");
                Console.WriteLine($"rss_samples={rss.Count} (every request-count step of {s.MemoryRequests / rss.Count}, min {F(rss.Min(r => r.RssMiB), 1)} MiB, max {F(rss.Max(r => r.RssMiB), 1)} MiB)");
                flat = secondHalfSlope < 1;
            }
            return errors == 0 && flat ? 0 : 1;
        }
        finally
        {
            Stop(process);
            Console.WriteLine($"server exit code {(process.HasExited ? process.ExitCode.ToString() : "n/a (killed)")}");
        }
    }

    private static Pass Concurrent(HttpClient client, byte[][] images, int clients, int perClient)
    {
        var latencies = new double[clients * perClient];
        int errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (int k = 0; k < perClient; k++)
            {
                int i = c * perClient + k;
                var (ms, error) = await SendAsync(client, images[i % images.Length]);
                latencies[i] = ms;
                if (error is not null && Interlocked.Increment(ref errors) == 1) firstError = error;
            }
        }))).GetAwaiter().GetResult();
        return new Pass(clock.Elapsed.TotalSeconds, latencies, errors, firstError);
    }

    private static Pass Sequential(HttpClient client, byte[][] images, int count)
    {
        var latencies = new double[count];
        int errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            var (ms, error) = SendAsync(client, images[i % images.Length]).GetAwaiter().GetResult();
            latencies[i] = ms;
            if (error is not null && errors++ == 0) firstError = error;
        }
        return new Pass(clock.Elapsed.TotalSeconds, latencies, errors, firstError);
    }

    /// <summary>Sends <paramref name="count"/> requests from <paramref name="clients"/> clients, sampling the server's resident memory every 1/100 of them.</summary>
    private static List<RssSample> MemoryPass(HttpClient client, byte[][] images, int clients, int count, int pid, out Pass pass)
    {
        var samples = new List<RssSample>();
        int next = -1, done = 0, errors = 0, step = Math.Max(1, count / 100);
        string? firstError = null;
        var latencies = new double[count];
        var clock = Stopwatch.StartNew();
        Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (int i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var (ms, error) = await SendAsync(client, images[i % images.Length]);
                latencies[i] = ms;
                if (error is not null && Interlocked.Increment(ref errors) == 1) firstError = error;
                int finished = Interlocked.Increment(ref done);
                if (finished % step == 0 && SoakConvertBenchmark.ResidentMiB(pid) is double mib)
                    lock (samples) samples.Add(new RssSample(finished, mib));
            }
        }))).GetAwaiter().GetResult();
        pass = new Pass(clock.Elapsed.TotalSeconds, latencies, errors, firstError);
        samples.Sort((a, b) => a.Done.CompareTo(b.Done));
        Console.WriteLine($"memory pass: {count} requests from {clients} clients in {F(pass.Seconds, 1)} s, {errors} errors; resident MiB by requests done:");
        for (int k = 1; k <= 10; k++)
        {
            RssSample? near = samples.LastOrDefault(r => r.Done <= count * k / 10);
            if (near is not null) Console.WriteLine($"  {near.Done,6} requests  {F(near.RssMiB, 1),8} MiB");
        }
        return samples;
    }

    /// <summary>One POST /translate; the latency in ms and, unless it returned a PNG with 200, what went wrong.</summary>
    private static async Task<(double Ms, string? Error)> SendAsync(HttpClient client, byte[] image)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            var content = new ByteArrayContent(image);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using HttpResponseMessage response = await client.PostAsync("/translate", content);
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            bool png = body.Length > 8 && body[0] == 0x89 && body[1] == (byte)'P';
            return response.StatusCode == HttpStatusCode.OK && png ? (ms, null) : (ms, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}");
        }
        catch (HttpRequestException e)
        {
            return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, e.Message);
        }
    }

    private static Process StartServer(Settings s, int port, out StringBuilder log)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["exec", s.ServerDll, "--urls", $"http://127.0.0.1:{port}", "--model", s.Model,
                     "--max-batch", s.MaxBatch.ToString(), "--max-wait-ms", s.MaxWaitMs.ToString(), "--workers", s.Workers.ToString(),
                     "--threads", s.Threads.ToString(), "--Logging:LogLevel:Default=Warning"])
            info.ArgumentList.Add(arg);
        var output = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        log = output;
        return process;
    }

    private static void WaitUntilHealthy(HttpClient client, Process process, StringBuilder log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                lock (log) throw new InvalidOperationException($"the server exited with {process.ExitCode}:\n{log}");
            try
            {
                using HttpResponseMessage health = client.GetAsync("/health").GetAwaiter().GetResult();
                if (health.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            Thread.Sleep(200);
        }
        lock (log) throw new TimeoutException($"the server did not answer /health within 2 minutes:\n{log}");
    }

    /// <summary>SIGTERM (the server drains and exits), then SIGKILL if it has not exited in 30 s.</summary>
    private static void Stop(Process process)
    {
        if (process.HasExited) return;
        _ = SendSignal(process.Id, 15);
        if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill();
        process.WaitForExit();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(double[] values, int p)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
