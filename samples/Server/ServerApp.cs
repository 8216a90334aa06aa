using Microsoft.Extensions.FileProviders;

namespace Pix2Pix.Samples.Server;

/// <summary>Builds the app: options, the model, the batcher, the endpoints and the upload page.</summary>
public static class ServerApp
{
    /// <summary>Short command-line switches for the settings used most.</summary>
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>
    {
        ["--model"] = $"{ServerOptions.Section}:{nameof(ServerOptions.ModelPath)}",
        ["--max-batch"] = $"{ServerOptions.Section}:{nameof(ServerOptions.MaxBatchSize)}",
        ["--max-wait-ms"] = $"{ServerOptions.Section}:{nameof(ServerOptions.MaxWaitMs)}",
        ["--queue"] = $"{ServerOptions.Section}:{nameof(ServerOptions.QueueCapacity)}",
        ["--max-bytes"] = $"{ServerOptions.Section}:{nameof(ServerOptions.MaxRequestBytes)}",
        ["--workers"] = $"{ServerOptions.Section}:{nameof(ServerOptions.Workers)}",
        ["--threads"] = $"{ServerOptions.Section}:{nameof(ServerOptions.IntraOpThreads)}",
    };

    /// <summary>
    /// A builder with the options bound and validated and the services registered. The model is loaded when the app is
    /// built (<see cref="Build"/>). A caller may replace <see cref="IBatchTranslator"/> before building (tests do).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, Switches.ToDictionary());
        ServerOptions options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        options.Validate();
        string modelPath = options.ResolveModelPath(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);

        builder.Services.AddSingleton(options);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBytes + TranslateEndpoints.MultipartOverhead);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(_ => new MlNetBatchTranslator(modelPath, options.MaxBatchSize, options.IntraOpThreads));
        builder.Services.AddSingleton<IBatchTranslator>(sp => sp.GetRequiredService<MlNetBatchTranslator>());
        builder.Services.AddSingleton(sp =>
        {
            int? gpu = sp.GetRequiredService<MlNetBatchTranslator>().Transformer.Translator.GpuDeviceId;
            return new ModelDescription(modelPath, gpu is int id ? $"cuda:{id}" : "cpu");
        });
        builder.Services.AddSingleton(sp => new TranslationBatcher(sp.GetRequiredService<IBatchTranslator>(), options.MaxBatchSize,
            TimeSpan.FromMilliseconds(options.MaxWaitMs), options.QueueCapacity, options.Workers, sp.GetService<ILogger<TranslationBatcher>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TranslationBatcher>());
        return builder;
    }

    /// <summary>Builds the app, loads the model (a bad model fails here, not at the first request) and maps the endpoints and the page.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        WebApplication app = builder.Build();
        app.Services.GetRequiredService<ModelDescription>();
        app.Services.GetRequiredService<TranslationBatcher>();
        var page = new EmbeddedFileProvider(typeof(ServerApp).Assembly, "Pix2Pix.Samples.Server.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        TranslateEndpoints.Map(app);
        return app;
    }
}
