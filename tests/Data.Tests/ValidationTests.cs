using Pix2Pix.Training.Data;
using Pix2Pix.Training.Networks;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Data.Tests;

public sealed class ValidationTests
{
    private static readonly DataOptions Defaults = new() { Dataroot = "/does/not/matter" };

    [Fact]
    public void CropSizeNotFittingTheUnetNamesItAndSuggestsFixes()
    {
        var error = Assert.Throws<ArgumentException>(() => PairedImageDataset.Open(Defaults with { CropSize = 200, LoadSize = 286 }, NetGKind.Unet256));

        Assert.Contains("crop_size 200 is not a multiple of 256, which unet_256 needs", error.Message);
        Assert.Contains("--crop_size 256", error.Message);
        Assert.Contains("--netG resnet_9blocks", error.Message);
    }

    [Fact]
    public void CropSize128WithUnet256SuggestsUnet128()
    {
        var error = Assert.Throws<ArgumentException>(() => PairedImageDataset.Open(Defaults with { CropSize = 128, LoadSize = 143 }, NetGKind.Unet256));

        Assert.Contains("--netG unet_128", error.Message);
    }

    [Fact]
    public void CropSizeNotAMultipleOfFourFailsForResnetToo()
    {
        var error = Assert.Throws<ArgumentException>(() => PairedImageDataset.Open(Defaults with { CropSize = 254 }, 4));

        Assert.Contains("crop_size 254 is not a multiple of 4, which the generator needs; use --crop_size 256", error.Message);
    }

    [Theory]
    [InlineData(Preprocess.resize_and_crop)]
    [InlineData(Preprocess.scale_width_and_crop)]
    public void LoadSizeBelowCropSizeIsRejected(Preprocess preprocess)
    {
        var error = Assert.Throws<ArgumentException>(() => PairedImageDataset.Open(Defaults with { LoadSize = 200, Preprocess = preprocess }, NetGKind.Unet256));

        Assert.Contains("load_size 200 is smaller than crop_size 256", error.Message);
        Assert.Contains("--load_size 256 or larger", error.Message);
    }

    [Fact]
    public void ScaleWidthNeedsAWidthTheGeneratorTakes()
    {
        var error = Assert.Throws<ArgumentException>(() => PairedImageDataset.Open(Defaults with { Preprocess = Preprocess.scale_width }, NetGKind.Resnet9));

        Assert.Contains("load_size 286 is not a multiple of 4", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-256)]
    public void NonPositiveCropSizeIsRejected(int cropSize)
    {
        var error = Assert.Throws<ArgumentException>(() => PairedImageDataset.Open(Defaults with { CropSize = cropSize }, 4));

        Assert.Contains("crop_size must be positive", error.Message);
    }

    [Theory]
    [InlineData(2, 3, "input_nc 2")]
    [InlineData(3, 4, "output_nc 4")]
    public void ChannelCountsOtherThanOneOrThreeAreRejected(int inputNc, int outputNc, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => PairedImageDataset.Open(Defaults with { InputNc = inputNc, OutputNc = outputNc }, 4));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void NoneIgnoresLoadAndCropSizes()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() =>
            PairedImageDataset.Open(Defaults with { Preprocess = Preprocess.none, CropSize = 3, LoadSize = 1 }, NetGKind.Unet256));

        Assert.Contains("does not exist", error.Message);
    }
}
