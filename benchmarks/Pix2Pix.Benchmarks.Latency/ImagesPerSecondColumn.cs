using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Pix2Pix.Benchmarks.Latency;

/// <summary>Throughput: images per operation (the case's <c>Images</c> parameter, else its <c>Batch</c>, else 1) divided by the mean time of one operation.</summary>
public sealed class ImagesPerSecondColumn : IColumn
{
    public string Id => nameof(ImagesPerSecondColumn);
    public string ColumnName => "img/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Images per second: images per operation / mean time of one operation";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is not > 0) return "NA";
        var items = benchmarkCase.Parameters.Items;
        var batch = items.FirstOrDefault(p => p.Name == "Images")?.Value as int? ?? items.FirstOrDefault(p => p.Name == "Batch")?.Value as int? ?? 1;
        return (batch / (mean.Value / 1e9)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}
