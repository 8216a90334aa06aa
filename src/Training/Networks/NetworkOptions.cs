using System.Globalization;

namespace Pix2Pix.Training.Networks;

/// <summary>Normalization layer used inside G and D (official <c>--norm</c>).</summary>
public enum NormKind { batch, instance, none }

/// <summary>Weight initialization (official <c>--init_type</c>).</summary>
public enum InitType { normal, xavier, kaiming, orthogonal }

/// <summary>Discriminator architecture (official <c>--netD</c>).</summary>
public enum NetDKind { basic, n_layers, pixel }

/// <summary>
/// Generator architecture (official <c>--netG</c>): <c>unet_256</c> (8 downsamplings), <c>unet_128</c> (7), any
/// <c>unet_N</c> with N a power of two ≥ 32, and <c>resnet_6blocks</c>, <c>resnet_9blocks</c> or any <c>resnet_Kblocks</c>.
/// </summary>
public sealed record NetGKind
{
    private NetGKind(string name, bool isUnet, int depth) => (Name, IsUnet, Depth) = (name, isUnet, depth);

    /// <summary>The name as the official options spell it.</summary>
    public string Name { get; }

    /// <summary>True for U-Net generators, false for ResNet generators.</summary>
    public bool IsUnet { get; }

    /// <summary><c>num_downs</c> for a U-Net; the number of residual blocks for a ResNet.</summary>
    public int Depth { get; }

    public static NetGKind Unet256 { get; } = Unet(8);
    public static NetGKind Unet128 { get; } = Unet(7);
    public static NetGKind Resnet9 { get; } = Resnet(9);
    public static NetGKind Resnet6 { get; } = Resnet(6);

    /// <summary>A U-Net with <paramref name="numDowns"/> stride-2 downsamplings (≥ 5).</summary>
    public static NetGKind Unet(int numDowns) =>
        numDowns >= 5 ? new($"unet_{1 << numDowns}", true, numDowns)
                      : throw new ArgumentOutOfRangeException(nameof(numDowns), numDowns, "a U-Net needs num_downs ≥ 5 (input side ≥ 32)");

    /// <summary>A ResNet generator with <paramref name="blocks"/> residual blocks.</summary>
    public static NetGKind Resnet(int blocks) =>
        blocks >= 1 ? new($"resnet_{blocks}blocks", false, blocks)
                    : throw new ArgumentOutOfRangeException(nameof(blocks), blocks, "a ResNet generator needs at least one block");

    /// <summary>Parses <c>unet_256</c>, <c>unet_128</c>, <c>unet_N</c>, <c>resnet_9blocks</c>, <c>resnet_Kblocks</c>.</summary>
    public static NetGKind Parse(string text)
    {
        if (text.StartsWith("unet_", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var side)
            && side >= 32 && (side & (side - 1)) == 0)
            return Unet(int.Log2(side));
        if (text.StartsWith("resnet_", StringComparison.Ordinal) && text.EndsWith("blocks", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(7, text.Length - 13), NumberStyles.None, CultureInfo.InvariantCulture, out var blocks) && blocks >= 1)
            return Resnet(blocks);
        throw new FormatException($"unknown netG '{text}': expected unet_256, unet_128 (or unet_N, N a power of two ≥ 32), resnet_9blocks, resnet_6blocks");
    }

    /// <summary>The side length an input must be a multiple of: 2^num_downs for a U-Net, 4 for a ResNet.</summary>
    public int SizeMultiple => IsUnet ? 1 << Depth : 4;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Generator hyper-parameters with the official defaults.</summary>
public sealed record GeneratorOptions
{
    public NetGKind NetG { get; init; } = NetGKind.Unet256;
    public int InputNc { get; init; } = 3;
    public int OutputNc { get; init; } = 3;
    public int Ngf { get; init; } = 64;
    public NormKind Norm { get; init; } = NormKind.batch;
    public bool UseDropout { get; init; } = true;
}

/// <summary>Discriminator hyper-parameters with the official defaults. Input channels are input_nc + output_nc.</summary>
public sealed record DiscriminatorOptions
{
    public NetDKind NetD { get; init; } = NetDKind.basic;
    public int InputNc { get; init; } = 6;
    public int Ndf { get; init; } = 64;
    public int NLayers { get; init; } = 3;
    public NormKind Norm { get; init; } = NormKind.batch;
}
