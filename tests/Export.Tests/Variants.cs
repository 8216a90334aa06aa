using Pix2Pix.Training.Networks;

namespace Pix2Pix.Export.Tests;

/// <summary>A generator configuration exported and compared at a few input sizes.</summary>
internal sealed record Variant(string Name, GeneratorOptions G, bool Fold, (int Height, int Width)[] Sizes)
{
    /// <summary>A seed that depends only on the name (string.GetHashCode is randomized per process).</summary>
    public long Seed => Name.Aggregate(17L, (h, c) => (h * 31 + c) & 0xffffff);

    public static readonly int[] BatchSizes = [1, 3];

    public static IReadOnlyDictionary<string, Variant> All { get; } = Build().ToDictionary(v => v.Name);

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys) data.Add(name);
        return data;
    }

    private static IEnumerable<Variant> Build()
    {
        foreach (var numDowns in new[] { 5, 6 })
        {
            (int, int)[] sizes = numDowns == 5 ? [(32, 32), (64, 32)] : [(64, 64), (128, 64)];
            foreach (var norm in new[] { NormKind.batch, NormKind.instance, NormKind.none })
            {
                var g = new GeneratorOptions { NetG = NetGKind.Unet(numDowns), Ngf = 4, Norm = norm };
                yield return new($"unet{numDowns}_{norm}", g, true, sizes);
                if (norm == NormKind.batch) yield return new($"unet{numDowns}_{norm}_unfolded", g, false, sizes);
            }
        }
        yield return new("unet5_batch_gray_to_rgb", new GeneratorOptions { NetG = NetGKind.Unet(5), Ngf = 8, Norm = NormKind.batch, InputNc = 1, UseDropout = false }, true, [(32, 64)]);
        for (var blocks = 2; blocks <= 6; blocks++)
        {
            foreach (var norm in new[] { NormKind.instance, NormKind.batch })
            {
                var g = new GeneratorOptions { NetG = NetGKind.Resnet(blocks), Ngf = 4, Norm = norm, UseDropout = blocks % 2 == 0 };
                yield return new($"resnet{blocks}_{norm}", g, true, [(32, 32), (64, 32), (36, 28)]);
            }
        }
        yield return new("resnet3_batch_unfolded", new GeneratorOptions { NetG = NetGKind.Resnet(3), Ngf = 4, Norm = NormKind.batch }, false, [(32, 32), (36, 28)]);
        yield return new("resnet2_none", new GeneratorOptions { NetG = NetGKind.Resnet(2), Ngf = 4, Norm = NormKind.none }, true, [(32, 32)]);
    }
}
