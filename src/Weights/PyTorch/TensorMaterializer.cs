namespace Pix2Pix.Weights.PyTorch;

/// <summary>Copies a strided view out of raw storage bytes into a contiguous row-major <see cref="NamedTensor"/>.</summary>
internal static class TensorMaterializer
{
    public static NamedTensor Materialize(string name, PickledTensor tensor, ReadOnlySpan<byte> storageBytes, string source)
    {
        var storage = tensor.Storage;
        int elementSize = storage.DType.ElementSize();
        try
        {
            long storageElements = storageBytes.Length / elementSize;
            long viewEnd = checked(storage.ElementOffset + storage.ElementCount);
            if (viewEnd > storageElements)
                throw Invalid(source, name, $"storage '{storage.Key}' holds {storageElements} elements, {viewEnd} expected");

            long count = NamedTensor.CountElements(tensor.Shape);
            if (checked(count * elementSize) > Array.MaxLength)
                throw Invalid(source, name, $"size [{string.Join(", ", tensor.Shape)}] is too large to load");
            var data = new byte[count * elementSize];
            if (count == 0)
                return new NamedTensor(name, storage.DType, tensor.Shape, data);

            long first = checked(storage.ElementOffset + tensor.StorageOffset);
            long last = first;
            for (int d = 0; d < tensor.Shape.Length; d++)
            {
                if (tensor.Stride[d] < 0)
                    throw Invalid(source, name, "negative strides are not supported");
                last = checked(last + (tensor.Shape[d] - 1) * tensor.Stride[d]);
            }
            if (tensor.StorageOffset < 0 || last >= viewEnd)
                throw Invalid(source, name,
                    $"offset {tensor.StorageOffset}, size [{string.Join(", ", tensor.Shape)}] and stride [{string.Join(", ", tensor.Stride)}] " +
                    $"reach outside its storage of {storage.ElementCount} elements");

            if (IsContiguous(tensor.Shape, tensor.Stride))
                storageBytes.Slice((int)(first * elementSize), data.Length).CopyTo(data);
            else
                CopyStrided(tensor.Shape, tensor.Stride, storageBytes, first, elementSize, data);
            return new NamedTensor(name, storage.DType, tensor.Shape, data);
        }
        catch (Exception e) when (e is OverflowException or ArgumentException)
        {
            throw Invalid(source, name, $"size [{string.Join(", ", tensor.Shape)}], stride [{string.Join(", ", tensor.Stride)}] " +
                                        $"and offset {tensor.StorageOffset} are not a valid view of its storage");
        }
    }

    private static bool IsContiguous(long[] shape, long[] stride)
    {
        long expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && stride[d] != expected)
                return false;
            expected *= shape[d];
        }
        return true;
    }

    private static void CopyStrided(long[] shape, long[] stride, ReadOnlySpan<byte> source, long first, int elementSize, byte[] destination)
    {
        int rank = shape.Length;
        long rowLength = shape[rank - 1];
        long rowStride = stride[rank - 1];
        var index = new long[rank];
        int written = 0;
        int rowBytes = (int)(rowLength * elementSize);
        while (written < destination.Length)
        {
            long start = first;
            for (int d = 0; d < rank - 1; d++)
                start += index[d] * stride[d];
            if (rowStride == 1)
            {
                source.Slice((int)(start * elementSize), rowBytes).CopyTo(destination.AsSpan(written));
                written += rowBytes;
            }
            else
            {
                for (long i = 0; i < rowLength; i++, written += elementSize)
                    source.Slice((int)((start + i * rowStride) * elementSize), elementSize).CopyTo(destination.AsSpan(written));
            }
            for (int d = rank - 2; d >= 0 && ++index[d] == shape[d]; d--)
                index[d] = 0;
        }
    }

    private static InvalidDataException Invalid(string source, string name, string message) =>
        new($"{source}: tensor '{name}': {message}");
}
