using System.Diagnostics;
using OpenCvSharp;
using Pix2Pix.Training.Data;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Data.Tests;

public sealed class LoaderTests : IDisposable
{
    private const int Side = 32;

    private readonly TempDataset _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void SameSeedAndEpochGiveIdenticalBatchesWhateverTheWorkerCount()
    {
        var dataset = Aligned(12);

        List<PairBatch> inline = Run(dataset, Options(batchSize: 4, workers: 0), epoch: 3, seed: 7);
        List<PairBatch> threaded = Run(dataset, Options(batchSize: 4, workers: 3), epoch: 3, seed: 7);

        Assert.Equal(3, inline.Count);
        for (int i = 0; i < inline.Count; i++)
        {
            Assert.Equal(inline[i].Indices, threaded[i].Indices);
            Assert.Equal(inline[i].Paths, threaded[i].Paths);
            Assert.Equal(inline[i].A, threaded[i].A);
            Assert.Equal(inline[i].B, threaded[i].B);
        }
    }

    [Fact]
    public void EpochsAndSeedsChangeOrderAndJitter()
    {
        var dataset = Aligned(12);
        var options = Options(batchSize: 1, workers: 2);

        List<PairBatch> epoch3 = Run(dataset, options, epoch: 3, seed: 7);
        List<PairBatch> epoch4 = Run(dataset, options, epoch: 4, seed: 7);
        List<PairBatch> otherSeed = Run(dataset, options, epoch: 3, seed: 8);

        Assert.NotEqual(Order(epoch3), Order(epoch4));
        Assert.NotEqual(Order(epoch3), Order(otherSeed));
        Assert.Equal(Enumerable.Range(0, 12), Order(epoch3).Order());
        var sameImage3 = epoch3.Single(b => b.Indices[0] == 5);
        var sameImage4 = epoch4.Single(b => b.Indices[0] == 5);
        Assert.NotEqual(sameImage3.A, sameImage4.A);
    }

    [Fact]
    public void SerialBatchesAndEvaluationKeepTheSortedOrder()
    {
        var dataset = Aligned(7);

        List<PairBatch> serial = Run(dataset, Options(batchSize: 3, workers: 2) with { SerialBatches = true }, epoch: 5, seed: 1);
        List<PairBatch> evaluation = Run(dataset, Options(batchSize: 3, workers: 2), epoch: 5, seed: 1, train: false);

        Assert.Equal(Enumerable.Range(0, 7), Order(serial));
        Assert.Equal(Enumerable.Range(0, 7), Order(evaluation));
        Assert.Equal(dataset.Paths, serial.SelectMany(b => b.Paths));
    }

    [Fact]
    public void LastPartialBatchIsKept()
    {
        var dataset = Aligned(5);

        List<PairBatch> batches = Run(dataset, Options(batchSize: 2, workers: 2), epoch: 1, seed: 0);

        Assert.Equal([2, 2, 1], batches.Select(b => b.N));
        Assert.All(batches, b => Assert.Equal(b.N * 3 * Side * Side, b.A.Length));
        Assert.All(batches, b => Assert.Equal((3, 3, Side, Side), (b.InputNc, b.OutputNc, b.Height, b.Width)));
    }

    [Fact]
    public void BatchStacksSamplesInNchwOrder()
    {
        var dataset = Aligned(4);

        PairBatch batch = Run(dataset, Options(batchSize: 4, workers: 2), epoch: 2, seed: 9).Single();

        int item = 3 * Side * Side;
        for (int n = 0; n < batch.N; n++)
        {
            PairSample sample = dataset.Load(batch.Indices[n], 2, 9, train: true);
            Assert.Equal(sample.A, batch.A.AsSpan(n * item, item).ToArray());
            Assert.Equal(sample.B, batch.B.AsSpan(n * item, item).ToArray());
            Assert.Equal(sample.Path, batch.Paths[n]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void BadImagesAreSkippedAndListed(int workers)
    {
        var dataset = Aligned(5, corrupt: 2);

        using var loader = new DataLoader(dataset, Options(batchSize: 2, workers) with { BadImages = BadImagePolicy.skip }, 1, 1);
        List<PairBatch> batches = loader.Batches().ToList();

        Assert.Equal(4, batches.Sum(b => b.N));
        Assert.DoesNotContain(dataset.Paths[2], batches.SelectMany(b => b.Paths));
        var (path, reason) = Assert.Single(loader.Skipped);
        Assert.Equal(dataset.Paths[2], path);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void BadImagesFailOnTheConsumerThreadNamingTheFile(int workers)
    {
        var dataset = Aligned(4, corrupt: 2);

        using var loader = new DataLoader(dataset, Options(batchSize: 1, workers) with { BadImages = BadImagePolicy.fail }, 1, 1);
        var error = Assert.Throws<ImageLoadException>(() => loader.Batches().ToList());

        Assert.Equal(dataset.Paths[2], error.FilePath);
        Assert.Contains(dataset.Paths[2], error.Message);
    }

    [Fact]
    public void ImagesOfDifferentSizesCannotShareABatch()
    {
        using (Mat wide = Images.Pattern(64, 32))
            _data.WriteAligned("train/0.png", wide, wide);
        using (Mat tall = Images.Pattern(64, 48))
            _data.WriteAligned("train/1.png", tall, tall);
        var dataset = PairedImageDataset.Open(_data.Options() with { Preprocess = Preprocess.scale_width, LoadSize = 64, CropSize = 32 }, 16);

        using var loader = new DataLoader(dataset, dataset.Options with { BatchSize = 2 }, 0, 0);
        var error = Assert.Throws<InvalidOperationException>(() => loader.Batches().ToList());

        Assert.Contains("different sizes", error.Message);
        Assert.Contains("--batch_size 1", error.Message);
    }

    [Fact]
    public void WorkersRunAheadUpToThePrefetchCapacity()
    {
        var dataset = Aligned(16);
        using var loader = new DataLoader(dataset, Options(batchSize: 2, workers: 2), 0, 0);
        using IEnumerator<PairBatch> batches = loader.Batches().GetEnumerator();

        Assert.True(batches.MoveNext());
        Assert.Equal(4, loader.PrefetchCapacity);
        WaitUntil(() => loader.BufferedSamples == loader.PrefetchCapacity);
        Thread.Sleep(100);
        Assert.Equal(loader.PrefetchCapacity, loader.BufferedSamples);

        TimeSpan waitedBefore = loader.ConsumerWait;
        Assert.True(batches.MoveNext());
        Assert.True(batches.MoveNext());
        Assert.Equal(waitedBefore, loader.ConsumerWait);
    }

    [Fact]
    public void DisposingMidEpochStopsTheWorkers()
    {
        var dataset = Aligned(16);
        var loader = new DataLoader(dataset, Options(batchSize: 2, workers: 3), 0, 0);
        using IEnumerator<PairBatch> batches = loader.Batches().GetEnumerator();
        Assert.True(batches.MoveNext());
        Assert.Equal(3, loader.RunningWorkers);

        var clock = Stopwatch.StartNew();
        loader.Dispose();

        Assert.Equal(0, loader.RunningWorkers);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {clock.Elapsed}");
        Assert.Throws<ObjectDisposedException>(() => batches.MoveNext());
        loader.Dispose();
    }

    [Fact]
    public void WorkersExitAtTheEndOfTheEpoch()
    {
        var dataset = Aligned(5);
        using var loader = new DataLoader(dataset, Options(batchSize: 2, workers: 3), 0, 0);

        Assert.Equal(3, loader.Batches().Count());

        WaitUntil(() => loader.RunningWorkers == 0);
        Assert.Throws<InvalidOperationException>(() => loader.Batches());
    }

    [Fact]
    public void LoaderOptionsAreValidated()
    {
        var dataset = Aligned(1);

        Assert.Contains("batch_size", Assert.Throws<ArgumentException>(() => new DataLoader(dataset, Options(0, 1), 0, 0)).Message);
        Assert.Contains("num_workers", Assert.Throws<ArgumentException>(() => new DataLoader(dataset, Options(1, -1), 0, 0)).Message);
    }

    private PairedImageDataset Aligned(int count, int corrupt = -1)
    {
        for (int i = 0; i < count; i++)
        {
            string name = $"train/{i:D2}.png";
            if (i == corrupt)
            {
                _data.WriteBytes(name, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
                continue;
            }
            using Mat a = Images.Pattern(40, 36, salt: i), b = Images.Pattern(40, 36, salt: 100 + i);
            _data.WriteAligned(name, a, b);
        }
        return PairedImageDataset.Open(_data.Options() with { LoadSize = 36, CropSize = Side }, Side);
    }

    private DataOptions Options(int batchSize, int workers) =>
        _data.Options() with { LoadSize = 36, CropSize = Side, BatchSize = batchSize, NumWorkers = workers };

    private static List<PairBatch> Run(PairedImageDataset dataset, DataOptions options, int epoch, long seed, bool train = true)
    {
        using var loader = new DataLoader(dataset, options, epoch, seed, train);
        return loader.Batches().ToList();
    }

    private static int[] Order(IEnumerable<PairBatch> batches) => batches.SelectMany(b => b.Indices).ToArray();

    private static void WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
                throw new Xunit.Sdk.XunitException("condition not reached within 10 s");
            Thread.Sleep(5);
        }
    }
}
