using Pix2Pix.Training.Synthetic;

namespace Pix2Pix.Metrics.Tests;

public sealed class SyntheticPairsTests
{
    private static readonly SyntheticOptions Options = new(Size: 64, Seed: 1);

    [Fact]
    public void RenderIsDeterministic()
    {
        for (int index = 0; index < 5; index++)
        {
            var first = SyntheticPairs.Render(index, Options);
            var second = SyntheticPairs.Render(index, Options with { });
            Assert.Equal(first.A, second.A);
            Assert.Equal(first.B, second.B);
            Assert.Equal(64 * 64 * 3, first.A.Length);
            Assert.Equal(64 * 64 * 3, first.B.Length);
        }
    }

    [Fact]
    public void SeedsAndIndicesGiveDifferentScenes()
    {
        var one = SyntheticPairs.Render(3, Options);
        Assert.NotEqual(one.A, SyntheticPairs.Render(3, Options with { Seed = 2 }).A);
        Assert.NotEqual(one.A, SyntheticPairs.Render(4, Options).A);
        var distinct = Enumerable.Range(0, 40).Select(i => Convert.ToHexString(SyntheticPairs.Render(i, Options).A)).Distinct().Count();
        Assert.Equal(40, distinct);
    }

    [Fact]
    public void LabelImageUsesOnlyPaletteColours()
    {
        var seen = new HashSet<SceneClass>();
        for (int index = 0; index < 30; index++)
        {
            var (a, _) = SyntheticPairs.Render(index, Options);
            for (int i = 0; i < a.Length; i += 3)
            {
                Assert.True(SyntheticPalette.TryClassify(a[i], a[i + 1], a[i + 2], out var sceneClass),
                    $"pair {index}: pixel {i / 3} is ({a[i]}, {a[i + 1]}, {a[i + 2]})");
                seen.Add(sceneClass);
            }
        }
        Assert.Equal(SyntheticPalette.Classes.Count, seen.Count);
    }

    [Fact]
    public void PaletteColoursAreDistinct()
    {
        var colours = SyntheticPalette.Classes.Select(SyntheticPalette.ColorOf).ToList();
        Assert.Equal(colours.Count, colours.Distinct().Count());
        Assert.Equal(Enum.GetValues<SceneClass>().Length, colours.Count);
    }

    [Fact]
    public void PhotoIsAFunctionOfTheLabelImage()
    {
        for (int index = 0; index < 10; index++)
        {
            var (a, b) = SyntheticPairs.Render(index, Options);
            Assert.Equal(b, SyntheticPairs.RenderPhoto(a, Options.Size));
            Assert.NotEqual(a, b);
        }
    }

    [Fact]
    public void EqualLabelsInARegionGiveEqualPhotosThere()
    {
        // Two label images that agree everywhere except a window patch in the lower-right corner:
        // far from the patch the photos must agree, near it they must differ.
        const int size = 64;
        var (a, _) = SyntheticPairs.Render(0, Options);
        var edited = a.ToArray();
        var window = SyntheticPalette.ColorOf(SceneClass.Window);
        for (int y = 52; y < 60; y++)
        {
            for (int x = 52; x < 60; x++)
                (edited[3 * (y * size + x)], edited[3 * (y * size + x) + 1], edited[3 * (y * size + x) + 2]) = window;
        }
        byte[] photo = SyntheticPairs.RenderPhoto(a, size), editedPhoto = SyntheticPairs.RenderPhoto(edited, size);
        for (int y = 0; y < 40; y++)
        {
            for (int x = 0; x < 40; x++)
            {
                for (int c = 0; c < 3; c++)
                    Assert.Equal(photo[3 * (y * size + x) + c], editedPhoto[3 * (y * size + x) + c]);
            }
        }
        Assert.NotEqual(photo.AsSpan(3 * 56 * size).ToArray(), editedPhoto.AsSpan(3 * 56 * size).ToArray());
    }

    [Fact]
    public void PhotoHasTexturesAndShadingNotJustFlatColours()
    {
        var (a, b) = SyntheticPairs.Render(0, Options);
        int labelColours = Colours(a), photoColours = Colours(b);
        Assert.True(photoColours > 8 * labelColours, $"{photoColours} photo colours for {labelColours} labels");
    }

    [Fact]
    public void OtherSizesShowTheSameScene()
    {
        var small = SyntheticPairs.Render(5, Options).A;
        var large = SyntheticPairs.Render(5, Options with { Size = 128 }).A;
        Assert.Equal(128 * 128 * 3, large.Length);
        int agree = 0;
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                int s = 3 * (y * 64 + x), l = 3 * ((2 * y) * 128 + 2 * x);
                if (small[s] == large[l] && small[s + 1] == large[l + 1] && small[s + 2] == large[l + 2])
                    agree++;
            }
        }
        Assert.True(agree > 0.95 * 64 * 64, $"{agree} of {64 * 64} pixels agree");
    }

    [Fact]
    public void RejectsBadArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticPairs.Render(-1, Options));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticPairs.Render(0, Options with { Size = 8 }));
        Assert.Throws<ArgumentException>(() => SyntheticPairs.RenderPhoto(new byte[64 * 64 * 3], 64));
        Assert.Throws<ArgumentException>(() => SyntheticPairs.RenderPhoto(new byte[10], 64));
    }

    private static int Colours(byte[] rgb) =>
        Enumerable.Range(0, rgb.Length / 3).Select(i => (rgb[3 * i] << 16) | (rgb[3 * i + 1] << 8) | rgb[3 * i + 2]).Distinct().Count();
}
