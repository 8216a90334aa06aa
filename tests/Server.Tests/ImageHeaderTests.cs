using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Samples.Server.Tests;

public sealed class ImageHeaderTests
{
    [Theory]
    [InlineData(".png", 256, 256)]
    [InlineData(".png", 317, 45)]
    [InlineData(".jpg", 256, 256)]
    [InlineData(".jpg", 33, 1029)]
    [InlineData(".bmp", 640, 17)]
    public void The_declared_size_is_the_encoded_images_size(string extension, int width, int height)
    {
        using var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(10, 200, 30));
        byte[] encoded = ImageCodec.Encode(image, extension);
        Assert.True(ImageHeader.TryReadSize(encoded, out int w, out int h));
        Assert.Equal((width, height), (w, h));
    }

    [Fact]
    public void Other_formats_and_short_headers_say_nothing()
    {
        using var image = new Mat(20, 30, MatType.CV_8UC3, Scalar.All(0));
        Assert.False(ImageHeader.TryReadSize(ImageCodec.Encode(image, ".tif"), out _, out _));
        Assert.False(ImageHeader.TryReadSize(ImageCodec.Encode(image, ".png")[..20], out _, out _));
        Assert.False(ImageHeader.TryReadSize(ImageCodec.Encode(image, ".jpg")[..30], out _, out _));
        Assert.False(ImageHeader.TryReadSize("not an image"u8, out _, out _));
    }

    [Fact]
    public async Task A_small_file_declaring_a_huge_image_gets_413_before_decoding_and_a_real_one_over_the_limit_too()
    {
        using var image = new Mat(8, 8, MatType.CV_8UC3, Scalar.All(128));
        byte[] bomb = ImageCodec.Encode(image, ".png");
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(16), 50_000);
        BinaryPrimitives.WriteUInt32BigEndian(bomb.AsSpan(20), 40_000);
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string> { ["MaxImagePixels"] = "65536" });
        using (HttpResponseMessage response = await host.PostAsync(bomb))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            string detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
            Assert.Equal("the image is 50000×40000 = 2000000000 pixels; this server takes at most 65536 (Server:MaxImagePixels)", detail);
        }
        using (HttpResponseMessage response = await host.PostAsync(FacadesStyleLabels.Encoded(1, ".jpg", side: 257), "image/jpeg"))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using (HttpResponseMessage response = await host.PostAsync(FacadesStyleLabels.Encoded(1, ".jpg", side: 256), "image/jpeg"))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, host.Batcher.Status.BadImages);
        Assert.Equal(1, host.Batcher.Status.Translated);
    }
}
