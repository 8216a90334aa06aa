namespace Pix2Pix.Training.Reports;

/// <summary>A pixel rectangle.</summary>
internal readonly record struct Box(int X, int Y, int Width, int Height);

/// <summary>Where each image of a <see cref="SampleGrid"/> goes.</summary>
internal sealed class GridLayout
{
    private readonly int[][] _widths;

    private GridLayout(int cellHeight, int[][] widths, int[] columnWidths)
    {
        CellHeight = cellHeight;
        _widths = widths;
        ColumnWidths = columnWidths;
        ColumnX = new int[columnWidths.Length];
        for (int c = 0, x = SampleGrid.Padding; c < columnWidths.Length; x += columnWidths[c] + SampleGrid.Gap, c++)
            ColumnX[c] = x;
        RowY = new int[widths.Length];
        for (int r = 0; r < widths.Length; r++)
            RowY[r] = SampleGrid.Padding + SampleGrid.HeaderHeight + r * (SampleGrid.CaptionHeight + cellHeight + SampleGrid.Gap) + SampleGrid.CaptionHeight;
        Width = ColumnX[^1] + columnWidths[^1] + SampleGrid.Padding;
        Height = (widths.Length == 0 ? SampleGrid.Padding + SampleGrid.HeaderHeight : RowY[^1] + cellHeight) + SampleGrid.Padding;
    }

    public int CellHeight { get; }
    public int[] ColumnWidths { get; }
    public int[] ColumnX { get; }
    public int[] RowY { get; }
    public int Width { get; }
    public int Height { get; }

    public static GridLayout Measure(IReadOnlyList<SampleRow> rows, int? cellHeight)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (cellHeight is <= 0)
            throw new ArgumentOutOfRangeException(nameof(cellHeight), cellHeight, "cell height must be positive");
        int columns = SampleGrid.ColumnTitles.Count;
        int height = cellHeight ?? DefaultCellHeight(rows.SelectMany(r => Enumerable.Range(0, columns).Select(c => r[c].Height)).DefaultIfEmpty(64).Max());
        int[][] widths = rows
            .Select(r => Enumerable.Range(0, columns).Select(c => ScaledWidth(r[c], height)).ToArray())
            .ToArray();
        int minimum = Enumerable.Range(0, columns).Max(c => MatText.Width(SampleGrid.ColumnTitles[c]) + 8);
        int[] columnWidths = Enumerable.Range(0, columns)
            .Select(c => Math.Max(minimum, widths.Select(w => w[c]).DefaultIfEmpty(0).Max()))
            .ToArray();
        return new GridLayout(height, widths, columnWidths);
    }

    /// <summary>The rectangle the image of row <paramref name="row"/>, column <paramref name="column"/> is drawn in.</summary>
    public Box Cell(int row, int column)
    {
        if (_widths.Length == 0) return new Box(ColumnX[column], SampleGrid.Padding, ColumnWidths[column], 0);
        int width = _widths[row][column];
        return new Box(ColumnX[column] + (ColumnWidths[column] - width) / 2, RowY[row], width, CellHeight);
    }

    /// <summary>The tallest image's height, times the smallest whole factor that brings it to <see cref="SampleGrid.MinCellHeight"/>.</summary>
    private static int DefaultCellHeight(int tallest) => tallest * Math.Max(1, (SampleGrid.MinCellHeight + tallest - 1) / tallest);

    private static int ScaledWidth(ChwImage image, int height) =>
        image.Height == height ? image.Width : Math.Max(1, (int)Math.Round(image.Width * (double)height / image.Height));
}
