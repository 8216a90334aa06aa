using System.Text;
using System.Text.Json;
using Pix2Pix.Training;
using Pix2Pix.Training.Reports;

namespace Pix2Pix.Reports.Tests;

public sealed class LossLogTests
{
    [Fact]
    public void Records_round_trip_including_non_finite_values()
    {
        using var dir = new TempDir();
        List<LossRecord> written = FakeRun.Records(epochs: 2, itersPerEpoch: 50, printFreq: 10);
        written.Add(StepRecord.From(3, 101, 1, 9.5, 1e-4, new StepLosses(double.NaN, double.PositiveInfinity, 0.5, 0.25)));

        using (LossLog log = LossLog.Open(dir.Path))
            foreach (LossRecord record in written)
                log.Append(record);

        Assert.Equal(written, LossLog.Read(dir[LossLog.FileName]));
    }

    [Fact]
    public void Lines_use_the_official_field_names_with_a_kind()
    {
        string step = Encoding.UTF8.GetString(LossLog.Serialize(StepRecord.From(2, 300, 100, 12.5, 2e-4, new StepLosses(0.7, 21.5, 0.6, 0.55))));
        string val = Encoding.UTF8.GetString(LossLog.Serialize(new ValidationRecord(2, 400, 0.2, 18.5)));

        Assert.EndsWith("\n", step);
        using JsonDocument s = JsonDocument.Parse(step);
        Assert.Equal(["kind", "epoch", "iter", "epoch_iter", "time_s", "lr", "G_GAN", "G_L1", "D_real", "D_fake"],
            s.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("step", s.RootElement.GetProperty("kind").GetString());
        Assert.Equal(21.5, s.RootElement.GetProperty("G_L1").GetDouble());
        using JsonDocument v = JsonDocument.Parse(val);
        Assert.Equal("val", v.RootElement.GetProperty("kind").GetString());
        Assert.Equal(18.5, v.RootElement.GetProperty("val_PSNR").GetDouble());
    }

    [Fact]
    public void The_gradient_penalty_is_logged_only_when_there_is_one()
    {
        var wgangp = StepRecord.From(1, 7, 7, 1.5, 2e-4, new StepLosses(-0.3, 21.5, -0.6, 0.4, D_GP: 2.25));
        string line = Encoding.UTF8.GetString(LossLog.Serialize(wgangp));
        using JsonDocument doc = JsonDocument.Parse(line);
        Assert.Equal(2.25, doc.RootElement.GetProperty("D_GP").GetDouble());
        using var dir = new TempDir();
        using (LossLog log = LossLog.Open(dir.Path)) log.Append(wgangp);
        var read = Assert.IsType<StepRecord>(Assert.Single(LossLog.Read(dir[LossLog.FileName])));
        Assert.Equal(wgangp, read);
        Assert.Equal(2.25, read.Losses.D_GP);
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_cut_before_the_next_append()
    {
        using var dir = new TempDir();
        List<LossRecord> records = FakeRun.Records(epochs: 1, itersPerEpoch: 30, printFreq: 10);
        using (LossLog log = LossLog.Open(dir.Path))
            records.ForEach(log.Append);
        string path = dir[LossLog.FileName];
        File.AppendAllText(path, "{\"kind\":\"step\",\"epoch\":1,\"iter\":4");

        Assert.Equal(records, LossLog.Read(path));

        var next = new ValidationRecord(1, 30, 0.3, 15);
        using (LossLog log = LossLog.Open(dir.Path))
            log.Append(next);
        Assert.Equal([.. records, next], LossLog.Read(path));
    }

    [Fact]
    public void A_corrupt_line_in_the_middle_is_reported()
    {
        using var dir = new TempDir();
        string path = dir[LossLog.FileName];
        var first = new ValidationRecord(1, 10, 0.3, 15);
        File.WriteAllText(path, Encoding.UTF8.GetString(LossLog.Serialize(first)) + "not json\n" + Encoding.UTF8.GetString(LossLog.Serialize(first)));

        var error = Assert.Throws<InvalidDataException>(() => LossLog.Read(path));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void A_missing_log_reads_as_empty() =>
        Assert.Empty(LossLog.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), LossLog.FileName)));

    [Fact]
    public void TruncateAfter_keeps_records_up_to_the_iteration_and_appending_continues()
    {
        using var dir = new TempDir();
        List<LossRecord> records = FakeRun.Records(epochs: 3, itersPerEpoch: 40, printFreq: 10);
        using LossLog log = LossLog.Open(dir.Path);
        records.ForEach(log.Append);

        IReadOnlyList<LossRecord> kept = log.TruncateAfter(80);
        var resumed = StepRecord.From(3, 90, 10, 1, 2e-4, new StepLosses(1, 2, 3, 4));
        log.Append(resumed);

        LossRecord[] expected = records.Where(r => r.Iter <= 80).ToArray();
        Assert.Equal<LossRecord>(expected, kept);
        Assert.Contains(kept, r => r is ValidationRecord { Epoch: 2 });
        Assert.Equal([.. expected, resumed], LossLog.Read(log.Path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
