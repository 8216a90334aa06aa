using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Training.Reports;

/// <summary>
/// Composes rows of real_A | fake_B | real_B under a bar of column titles, each row with its caption above it.
/// Every image is scaled to one common height keeping its aspect ratio (by default the tallest image's height, enlarged by a
/// whole factor to at least <see cref="MinCellHeight"/> so that small crops stay visible, pixels shown as blocks); an image
/// narrower than its column is centred in it.
/// </summary>
public static class SampleGrid
{
    /// <summary>Titles of the three columns, as the official visualizer names them.</summary>
    public static IReadOnlyList<string> ColumnTitles { get; } = ["real_A", "fake_B", "real_B"];

    /// <summary>Least height of the images when no cell height is given.</summary>
    public const int MinCellHeight = 128;

    internal const int Padding = 6;
    internal const int Gap = 6;
    internal const int HeaderHeight = 22;
    internal const int CaptionHeight = 20;

    /// <summary>Draws the grid as an 8-bit BGR image.</summary>
    /// <param name="rows">The rows, top to bottom.</param>
    /// <param name="cellHeight">Height every image is scaled to.</param>
    public static Mat Compose(IReadOnlyList<SampleRow> rows, int? cellHeight = null)
    {
        GridLayout layout = GridLayout.Measure(rows, cellHeight);
        Mat grid = new(layout.Height, layout.Width, MatType.CV_8UC3, Palette.Background.ToScalar());
        try
        {
            for (int c = 0; c < ColumnTitles.Count; c++)
            {
                int center = layout.ColumnX[c] + layout.ColumnWidths[c] / 2;
                MatText.Draw(grid, MatText.Fit(ColumnTitles[c], layout.ColumnWidths[c]), center, Padding + 14, Palette.Text, MatText.Normal, Align.Center);
            }
            for (int r = 0; r < rows.Count; r++)
            {
                int captionBaseline = layout.RowY[r] - 6;
                MatText.Draw(grid, MatText.Fit(rows[r].Caption, layout.Width - 2 * Padding, MatText.Small), Padding, captionBaseline, Palette.MutedText, MatText.Small);
                for (int c = 0; c < ColumnTitles.Count; c++)
                    Paste(grid, rows[r][c], layout.Cell(r, c));
            }
            return grid;
        }
        catch
        {
            grid.Dispose();
            throw;
        }
    }

    /// <summary>Composes the grid and writes it atomically as a PNG.</summary>
    public static void Write(IReadOnlyList<SampleRow> rows, string pngPath, int? cellHeight = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pngPath);
        using Mat grid = Compose(rows, cellHeight);
        ImageCodec.Write(grid, pngPath);
    }

    private static void Paste(Mat grid, ChwImage image, Box cell)
    {
        using Mat bgr = image.ToBgr();
        using Mat target = ImageGeometry.View(grid, cell.X, cell.Y, cell.Width, cell.Height);
        if (bgr.Width == cell.Width && bgr.Height == cell.Height)
        {
            bgr.CopyTo(target);
            return;
        }
        bool wholeFactor = cell.Height % bgr.Height == 0 && cell.Width == bgr.Width * (cell.Height / bgr.Height);
        var filter = wholeFactor ? InterpolationFlags.Nearest : cell.Height < bgr.Height ? InterpolationFlags.Area : InterpolationFlags.Cubic;
        using Mat scaled = ImageGeometry.Resize(bgr, cell.Width, cell.Height, filter);
        scaled.CopyTo(target);
    }
}
