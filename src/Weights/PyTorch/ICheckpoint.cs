namespace Pix2Pix.Weights.PyTorch;

/// <summary>An opened torch.save file: the unpickled object and access to its storages' raw bytes.</summary>
internal interface ICheckpoint : IDisposable
{
    /// <summary>The unpickled top-level object, tensors still as <see cref="PickledTensor"/>.</summary>
    object? Root { get; }

    /// <summary>Little-endian bytes of the whole storage <paramref name="key"/>.</summary>
    ReadOnlyMemory<byte> ReadStorage(string key);
}
