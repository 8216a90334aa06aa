namespace Pix2Pix.Weights.PyTorch;

/// <summary>
/// A tensor storage named by a persistent id: <paramref name="Key"/> names the stored bytes (a zip entry or a
/// legacy record), <paramref name="ElementCount"/> and <paramref name="ElementOffset"/> delimit this view of them.
/// </summary>
internal sealed record StorageRef(string Key, DType DType, long ElementCount, long ElementOffset);

/// <summary>What torch._utils._rebuild_tensor_v2 describes: a strided view of a storage, read once the storages are.</summary>
internal sealed record PickledTensor(StorageRef Storage, long StorageOffset, long[] Shape, long[] Stride);
