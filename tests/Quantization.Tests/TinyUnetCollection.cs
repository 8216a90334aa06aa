namespace Pix2Pix.Quantization.Tests;

/// <summary>Test classes that share one trained <see cref="TinyUnet"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TinyUnetCollection : ICollectionFixture<TinyUnet>
{
    public const string Name = "tiny trained U-Net";
}
