using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

public sealed class SampleGridTests
{
    [Fact]
    public void Grid_size_follows_rows_and_cells()
    {
        SampleRow[] rows = [Row("epoch 1", 3, 128, 160, 1), Row("epoch 2", 3, 128, 160, 2)];

        using Mat grid = SampleGrid.Compose(rows);

        int width = 2 * SampleGrid.Padding + 3 * 160 + 2 * SampleGrid.Gap;
        int height = 2 * SampleGrid.Padding + SampleGrid.HeaderHeight + 2 * (SampleGrid.CaptionHeight + 128) + SampleGrid.Gap;
        Assert.Equal((width, height, 3), (grid.Width, grid.Height, grid.Channels()));
    }

    [Fact]
    public void The_fake_B_column_holds_the_input_pixels_exactly()
    {
        SampleRow[] rows = [Row("epoch 1", 3, 144, 176, 1), Row("epoch 2", 3, 144, 176, 2)];

        using Mat grid = SampleGrid.Compose(rows);

        var layout = GridLayout.Measure(rows, null);
        for (int r = 0; r < rows.Length; r++)
        {
            Box cell = layout.Cell(r, 1);
            using Mat expected = ImageTensor.FromChw(rows[r].FakeB.Data.Span, 3, 144, 176);
            using Mat actual = ImageGeometry.Crop(grid, cell.X, cell.Y, cell.Width, cell.Height);
            Assert.Equal(Imaging.Pixels.ToBytes(expected), Imaging.Pixels.ToBytes(actual));
        }
    }

    [Fact]
    public void Mixed_sizes_and_gray_inputs_are_scaled_to_a_common_height()
    {
        var gray = FakeRun.Chw(1, 32, 32, 7);
        SampleRow[] rows =
        [
            new("big.png", FakeRun.Chw(3, 64, 96, 1), FakeRun.Chw(3, 64, 96, 2), FakeRun.Chw(3, 64, 96, 3)),
            new("small.png", gray, FakeRun.Chw(3, 32, 48, 4), FakeRun.Chw(3, 32, 48, 5)),
        ];

        using Mat grid = SampleGrid.Compose(rows);

        var layout = GridLayout.Measure(rows, null);
        Box grayCell = layout.Cell(1, 0);
        Assert.Equal((128, 128), (grayCell.Width, grayCell.Height));
        Assert.Equal((192, 128), (layout.Cell(1, 1).Width, layout.Cell(1, 1).Height));
        using Mat pasted = ImageGeometry.Crop(grid, grayCell.X, grayCell.Y, grayCell.Width, grayCell.Height);
        byte[] bgr = Imaging.Pixels.ToBytes(pasted);
        for (int i = 0; i < bgr.Length; i += 3)
            Assert.True(bgr[i] == bgr[i + 1] && bgr[i + 1] == bgr[i + 2]);
    }

    [Fact]
    public void Small_images_are_enlarged_by_a_whole_factor_as_pixel_blocks()
    {
        SampleRow[] rows = [Row("64px crops", 3, 48, 40, 1)];

        using Mat grid = SampleGrid.Compose(rows);

        Box cell = GridLayout.Measure(rows, null).Cell(0, 1);
        Assert.Equal((120, 144), (cell.Width, cell.Height));
        using Mat source = ImageTensor.FromChw(rows[0].FakeB.Data.Span, 3, 48, 40);
        using Mat shown = ImageGeometry.Crop(grid, cell.X, cell.Y, cell.Width, cell.Height);
        byte[] src = Imaging.Pixels.ToBytes(source), dst = Imaging.Pixels.ToBytes(shown);
        for (int y = 0; y < 144; y++)
            for (int x = 0; x < 120; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(src[((y / 3) * 40 + x / 3) * 3 + c], dst[(y * 120 + x) * 3 + c]);
    }

    [Fact]
    public void Column_titles_and_captions_are_inked_in_the_text_colours()
    {
        SampleRow[] rows = [Row("epoch 7 - ünïcode… caption", 3, 64, 64, 1)];

        using Mat grid = SampleGrid.Compose(rows);

        int headerBottom = SampleGrid.Padding + SampleGrid.HeaderHeight;
        int captionBottom = GridLayout.Measure(rows, null).RowY[0];
        int titles = Pixels.Count(grid, Palette.Text, 0, headerBottom, tolerance: 40);
        int caption = Pixels.Count(grid, Palette.MutedText, headerBottom, captionBottom, tolerance: 40);
        Assert.True(titles > 40, $"{titles} title pixels");
        Assert.True(caption > 40, $"{caption} caption pixels");
        int untouched = Pixels.Count(grid, Palette.Background, 0, headerBottom, tolerance: 0);
        Assert.True(untouched > grid.Width * headerBottom / 2, "the header is not mostly background");
    }

    [Fact]
    public void A_given_cell_height_rescales_everything()
    {
        using Mat grid = SampleGrid.Compose([Row("x", 3, 64, 64, 1)], cellHeight: 128);

        Assert.Equal(2 * SampleGrid.Padding + SampleGrid.HeaderHeight + SampleGrid.CaptionHeight + 128, grid.Height);
    }

    [Fact]
    public void Write_creates_a_png_and_empty_grids_still_render()
    {
        using var dir = new TempDir();
        SampleGrid.Write([Row("a very long caption that will not fit in such a narrow grid at all, not even close", 3, 16, 16, 1)], dir["g/grid.png"]);
        using Mat written = ImageCodec.Read(dir["g/grid.png"]);
        using Mat empty = SampleGrid.Compose([]);

        Assert.Equal(3, written.Channels());
        Assert.True(empty.Height > 0 && empty.Width > 0);
    }

    private static SampleRow Row(string caption, int channels, int height, int width, int seed) =>
        new(caption, FakeRun.Chw(channels, height, width, seed * 10), FakeRun.Chw(channels, height, width, seed * 10 + 1),
            FakeRun.Chw(channels, height, width, seed * 10 + 2));
}
