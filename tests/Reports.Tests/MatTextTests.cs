using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

public sealed class MatTextTests
{
    [Theory]
    [InlineData("epoch 3", "epoch 3")]
    [InlineData("epoch 3 · #1", "epoch 3 - #1")]
    [InlineData("façade_été.jpg", "facade_ete.jpg")]
    [InlineData("run — “best”…", "run - \"best\"...")]
    [InlineData("图像.png", "??.png")]
    [InlineData("Łódź 😀", "Lodz ?")]
    public void Captions_are_folded_to_the_fonts_ascii(string text, string expected) =>
        Assert.Equal(expected, MatText.ToAscii(text));
}
