using Pix2Pix.Imaging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Pix2Pix.Samples.Server;

/// <summary>What <c>/health</c> says about the loaded model.</summary>
/// <param name="Path">The model file.</param>
/// <param name="Device">Where it runs ("cpu" or "cuda:N").</param>
public sealed record ModelDescription(string Path, string Device);

/// <summary><c>POST /translate</c> and <c>GET /health</c>.</summary>
internal static class TranslateEndpoints
{
    /// <summary>Room for a multipart upload's boundaries and part headers above the image's own limit.</summary>
    public const long MultipartOverhead = 64 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/translate", TranslateAsync);
        app.MapGet("/health", (TranslationBatcher batcher, ModelDescription model, ServerOptions options) =>
        {
            BatcherStatus s = batcher.Status;
            return Results.Json(new
            {
                status = s.Accepting ? "ok" : "stopping",
                modelLoaded = true,
                model = model.Path,
                device = model.Device,
                queueDepth = s.QueueDepth,
                queueCapacity = s.QueueCapacity,
                inFlight = s.InFlight,
                maxBatchSize = options.MaxBatchSize,
                maxWaitMs = options.MaxWaitMs,
                workers = options.Workers,
                maxRequestBytes = options.MaxRequestBytes,
                maxImagePixels = options.MaxImagePixels,
                batches = s.Batches,
                translated = s.Translated,
                badImages = s.BadImages,
                rejected = s.Rejected,
                largestBatch = s.LargestBatch,
            });
        });
    }

    /// <summary>
    /// The body is the encoded image (any content type), or a multipart form whose first file is. 200 image/png;
    /// 400 empty or undecodable; 413 too large; 503 queue full or stopping (with Retry-After); 500 the batch failed.
    /// </summary>
    private static async Task<IResult> TranslateAsync(HttpContext context, TranslationBatcher batcher, ServerOptions options)
    {
        HttpRequest request = context.Request;
        CancellationToken aborted = context.RequestAborted;
        bool multipart = request.HasFormContentType && request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);
        long bodyLimit = options.MaxRequestBytes + (multipart ? MultipartOverhead : 0);
        if (request.ContentLength > bodyLimit) return TooLarge(options, request.ContentLength.Value);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = bodyLimit;

        byte[] image;
        try
        {
            ImageBody body = multipart ? await ReadMultipartAsync(request, options.MaxRequestBytes, aborted) : await ReadRawAsync(request, aborted);
            if (body.Error is not null) return body.Error;
            image = body.Bytes!;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options, null);
        }
        catch (BadHttpRequestException e)
        {
            return Problem(e.StatusCode, "Bad request", e.Message);
        }
        catch (InvalidDataException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad multipart form", e.Message);
        }
        if (image.Length > options.MaxRequestBytes) return TooLarge(options, image.Length);
        if (image.Length == 0)
            return Problem(StatusCodes.Status400BadRequest, "Empty image",
                "the request has no image: send the encoded image (PNG, JPEG, BMP or TIFF) as the body, or as the file of a multipart form");

        if (ImageHeader.TryReadSize(image, out long width, out long height) && (Int128)width * height > options.MaxImagePixels)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Image too large",
                $"the image is {width}×{height} = {(Int128)width * height} pixels; this server takes at most {options.MaxImagePixels} (Server:MaxImagePixels)");

        Task<TranslationOutcome>? pending = batcher.TryEnqueue(image, aborted, out EnqueueStatus status);
        if (pending is null)
        {
            context.Response.Headers.RetryAfter = new StringValues(options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return status == EnqueueStatus.Stopping
                ? Problem(StatusCodes.Status503ServiceUnavailable, "Shutting down", "the server is shutting down and takes no new requests")
                : Problem(StatusCodes.Status503ServiceUnavailable, "Busy",
                    $"the translation queue is full ({options.QueueCapacity} requests waiting); retry after {options.RetryAfterSeconds} s");
        }

        TranslationOutcome outcome;
        try
        {
            outcome = await pending;
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (BatcherStoppedException e)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Shutting down", e.Message);
        }
        catch (BatchFailedException e)
        {
            return Problem(StatusCodes.Status500InternalServerError, "Translation failed", e.Message);
        }
        return outcome.Error is null
            ? Results.File(outcome.Png!, "image/png")
            : Problem(StatusCodes.Status400BadRequest, "Bad image", $"the image could not be translated: {outcome.Error}");
    }

    private readonly record struct ImageBody(byte[]? Bytes, IResult? Error);

    private static async Task<ImageBody> ReadRawAsync(HttpRequest request, CancellationToken aborted)
    {
        if (request.ContentLength is long length)
        {
            var bytes = new byte[length];
            await request.Body.ReadExactlyAsync(bytes, aborted);
            return new ImageBody(bytes, null);
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, aborted);
        return new ImageBody(buffer.ToArray(), null);
    }

    private static async Task<ImageBody> ReadMultipartAsync(HttpRequest request, long maxImageBytes, CancellationToken aborted)
    {
        IFormCollection form = await request.ReadFormAsync(aborted);
        IFormFile? file = form.Files.FirstOrDefault();
        if (file is null)
            return new ImageBody(null, Problem(StatusCodes.Status400BadRequest, "No file", "the multipart form has no file; send the image as its first file"));
        if (file.Length > maxImageBytes)
            return new ImageBody(null, Problem(StatusCodes.Status413PayloadTooLarge, "Image too large",
                $"the image is {file.Length} bytes; this server takes at most {maxImageBytes}"));
        var bytes = new byte[file.Length];
        await using Stream stream = file.OpenReadStream();
        await stream.ReadExactlyAsync(bytes, aborted);
        return new ImageBody(bytes, null);
    }

    private static IResult TooLarge(ServerOptions options, long? size) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Image too large",
            size is long n
                ? $"the request is {n} bytes; this server takes images of at most {options.MaxRequestBytes} bytes (Server:MaxRequestBytes)"
                : $"the request is larger than this server takes ({options.MaxRequestBytes} bytes at most, Server:MaxRequestBytes)");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(detail: detail, statusCode: status, title: title);
}
