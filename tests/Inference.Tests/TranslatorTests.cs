using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference.Tests;

public sealed class TranslatorTests
{
    [Fact]
    public void Reads_the_model_metadata()
    {
        using var conv = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        var m = conv.Model;
        Assert.Equal(("conv_tanh.onnx", "input", "output", 3, 3, 4, "AtoB"), (m.Name, m.InputName, m.OutputName, m.InputChannels, m.OutputChannels, m.SizeMultiple, m.Direction));
        Assert.Equal(((int?)null, (int?)null, (int?)null), (m.FixedBatch, m.FixedHeight, m.FixedWidth));
        Assert.Equal(("AtoB", 3, 4, (int?)null), (conv.Model.Metadata.Direction, conv.Model.Metadata.InputNc, conv.Model.Metadata.SizeMultiple, conv.Model.Metadata.CropSize));
        using var unet = new Translator(File.ReadAllBytes(Fixtures.Unet), "unet", Fixtures.Light);
        Assert.Equal(("unet", 4, "BtoA"), (unet.Model.Name, unet.Model.SizeMultiple, unet.Model.Direction));
        using var gray = new Translator(Fixtures.Gray, Fixtures.Light);
        Assert.Equal((1, 1, 1, null), (gray.Model.InputChannels, gray.Model.OutputChannels, gray.Model.SizeMultiple, gray.Model.Direction));
    }

    [Fact]
    public void Pad_mode_matches_a_CSharp_reference()
    {
        using var translator = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using Mat image = Fixtures.Image(37, 22);
        using Mat output = translator.Translate(image);

        // The reference pads 37x22 to 40x24 by mirroring without repeating the edge, convolves, and keeps 37x22.
        // The image's bytes are BGR; the model's planes are RGB.
        int w = 40, h = 24;
        byte[] src = Pixels.ToBytes(image);
        var x = new float[3 * h * w];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                {
                    int si = i < 22 ? i : 2 * 21 - i, sj = j < 37 ? j : 2 * 36 - j;
                    x[(c * h + i) * w + j] = src[(si * 37 + sj) * 3 + 2 - c] / 127.5f - 1f;
                }
        float[] y = Fixtures.ReferenceConvTanh(x, h, w);
        using Mat full = ImageTensor.FromChw(y, 3, h, w);
        using Mat expected = ImageGeometry.Crop(full, 0, 0, 37, 22);

        var (max, differing) = Fixtures.Compare(expected, output);
        Assert.True(max <= 1, $"differs by up to {max}");
        Assert.True(differing <= 3, $"{differing} values differ (float rounding only)");
    }

    [Fact]
    public void Pad_mode_equals_ONNX_Runtime_on_the_padded_tensor()
    {
        using var translator = new Translator(Fixtures.Unet, Fixtures.Light);
        using Mat image = Fixtures.Image(50, 31, seed: 2);
        using Mat output = translator.Translate(image);
        using Mat padded = ImageGeometry.Pad(image, 0, 1, 0, 2, BorderTypes.Reflect101);
        using Mat full = Fixtures.OrtTranslate(Fixtures.Unet, padded);
        using Mat expected = ImageGeometry.Crop(full, 0, 0, 50, 31);
        Fixtures.AssertSame(expected, output);
    }

    [Fact]
    public void Resize_mode_resizes_to_the_nearest_multiple_and_back()
    {
        using Mat image = Fixtures.Image(50, 30, seed: 3);
        using Mat resized = ImageGeometry.Resize(image, 52, 32);
        using Mat atModelSize = Fixtures.OrtTranslate(Fixtures.Unet, resized);
        using Mat expected = ImageGeometry.Resize(atModelSize, 50, 30);

        using var keep = new Translator(Fixtures.Unet, Fixtures.Light with { ResizeMode = ResizeMode.Resize });
        using Mat output = keep.Translate(image);
        Fixtures.AssertSame(expected, output);

        using var modelSize = new Translator(Fixtures.Unet, Fixtures.Light with { ResizeMode = ResizeMode.Resize, KeepSourceSize = false });
        using Mat raw = modelSize.Translate(image);
        Fixtures.AssertSame(atModelSize, raw);
    }

    [Fact]
    public void Batches_equal_single_images_in_input_order()
    {
        Mat[] images = [Fixtures.Image(40, 24, seed: 1), Fixtures.Image(33, 17, seed: 2), Fixtures.Image(40, 24, seed: 3),
                        Fixtures.Image(40, 24, seed: 4), Fixtures.Image(1, 1, seed: 5), Fixtures.Image(40, 24, seed: 6), Fixtures.Image(37, 21, seed: 7)];
        try
        {
            using var batched = new Translator(Fixtures.Unet, Fixtures.Light with { BatchSize = 3 });
            using var single = new Translator(Fixtures.Unet, Fixtures.Light with { BatchSize = 1 });
            IReadOnlyList<Mat> outputs = batched.TranslateBatch(images);
            for (int i = 0; i < images.Length; i++)
            {
                using Mat one = single.Translate(images[i]);
                Fixtures.AssertSame(one, outputs[i]);
                outputs[i].Dispose();
            }
        }
        finally
        {
            foreach (Mat m in images) m.Dispose();
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 7)]
    [InlineData(3, 2)]
    public void Tiny_images_are_padded(int width, int height)
    {
        using var translator = new Translator(Fixtures.Unet, Fixtures.Light);
        using Mat image = Fixtures.Image(width, height);
        using Mat output = translator.Translate(image);
        Assert.Equal((width, height, 3), (output.Width, output.Height, output.Channels()));
    }

    [Fact]
    public void Any_decoded_image_is_converted_to_the_model_channels()
    {
        using var rgbModel = new Translator(Fixtures.ConvTanh, Fixtures.Light);
        using var grayModel = new Translator(Fixtures.Gray, Fixtures.Light);
        using Mat gray = Fixtures.Image(20, 12, channels: 1);
        using Mat rgba = Fixtures.Image(20, 12, channels: 4);
        using Mat deep = Pixels.FromUInt16(Enumerable.Range(0, 20 * 12 * 3).Select(i => (ushort)(i * 257 % 65536)).ToArray(), 12, 20, 3);

        foreach (Mat input in new[] { gray, rgba, deep })
        {
            using Mat rgbOut = rgbModel.Translate(input);
            Assert.Equal((20, 12, 3), (rgbOut.Width, rgbOut.Height, rgbOut.Channels()));
            using Mat grayOut = grayModel.Translate(input);
            Assert.Equal((20, 12, 1), (grayOut.Width, grayOut.Height, grayOut.Channels()));
        }

        using Mat asBgr = ImageConvert.To8Bit(rgba, 3);
        using Mat fromRgba = rgbModel.Translate(rgba), fromBgr = rgbModel.Translate(asBgr);
        Fixtures.AssertSame(fromBgr, fromRgba);
    }

    [Fact]
    public void Fixed_size_and_batch_models_get_resized_images_in_zero_filled_batches()
    {
        using var translator = new Translator(Fixtures.Model("fixed.onnx"), Fixtures.Light);
        Assert.Equal((2, 16, 16), (translator.Model.FixedBatch, translator.Model.FixedHeight, translator.Model.FixedWidth));
        Mat[] images = [Fixtures.Image(30, 20, seed: 1), Fixtures.Image(16, 16, seed: 2), Fixtures.Image(5, 40, seed: 3)];
        try
        {
            IReadOnlyList<Mat> outputs = translator.TranslateBatch(images);
            for (int i = 0; i < images.Length; i++)
            {
                using Mat fitted = ImageGeometry.Resize(images[i], 16, 16);
                using Mat atModelSize = ImageTensor.FromChw(Fixtures.ReferenceConvTanh(ImageTensor.ToChw(fitted), 16, 16), 3, 16, 16);
                using Mat expected = ImageGeometry.Resize(atModelSize, images[i].Width, images[i].Height);
                var (max, _) = Fixtures.Compare(expected, outputs[i]);
                Assert.True(max <= 1, $"image {i} differs by {max}");
                outputs[i].Dispose();
            }
        }
        finally
        {
            foreach (Mat m in images) m.Dispose();
        }
    }

    [Fact]
    public void Translator_is_safe_to_share_between_threads()
    {
        using var translator = new Translator(Fixtures.Unet, Fixtures.Light);
        using Mat image = Fixtures.Image(48, 32, seed: 9);
        using Mat expected = translator.Translate(image);
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            using Mat output = translator.Translate(image);
            Fixtures.AssertSame(expected, output);
        });
    }
}
