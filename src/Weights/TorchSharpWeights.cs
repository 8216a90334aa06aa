using System.Text;

namespace Pix2Pix.Weights;

/// <summary>
/// Reads TorchSharp's own weights format, what <c>Module.save</c> writes and <c>Module.load</c> reads: an unsigned
/// LEB128 entry count, then per entry the key as a .NET <see cref="BinaryWriter"/> string, the TorchSharp scalar-type
/// code, the rank and each dimension (all LEB128), then the raw little-endian elements.
/// </summary>
public static class TorchSharpWeights
{
    private const int MaxRank = 8;

    /// <summary>Every entry of the file, in file order.</summary>
    /// <exception cref="InvalidDataException">The file is truncated or not in this format.</exception>
    public static IReadOnlyList<NamedTensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var count = Decode(reader);
            if (count < 0 || count > 1_000_000) throw new InvalidDataException($"{path}: implausible entry count {count}; not a TorchSharp weights file");
            var result = new List<NamedTensor>((int)count);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var code = Decode(reader);
                var dtype = FromScalarType(code) ?? throw new InvalidDataException($"{path}: '{name}' has TorchSharp scalar type {code}, which is not supported");
                var rank = Decode(reader);
                if (rank is < 0 or > MaxRank) throw new InvalidDataException($"{path}: '{name}' has rank {rank}; not a TorchSharp weights file");
                var shape = new long[rank];
                for (var d = 0; d < rank; d++) shape[d] = Decode(reader);
                var bytes = checked(NamedTensor.CountElements(shape) * dtype.ElementSize());
                if (bytes > stream.Length - stream.Position) throw new InvalidDataException($"{path}: '{name}' needs {bytes} bytes but the file ends sooner (truncated?)");
                result.Add(new NamedTensor(name, dtype, shape, reader.ReadBytes((int)bytes)));
            }
            if (stream.Position != stream.Length) throw new InvalidDataException($"{path}: {stream.Length - stream.Position} bytes after the last entry; not a TorchSharp weights file");
            return result;
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: the file ends in the middle of an entry (truncated?)");
        }
    }

    /// <summary>TorchSharp's <c>ScalarType</c> codes (libtorch's c10::ScalarType).</summary>
    private static DType? FromScalarType(long code) => code switch
    {
        0 => DType.U8, 1 => DType.I8, 2 => DType.I16, 3 => DType.I32, 4 => DType.I64,
        5 => DType.F16, 6 => DType.F32, 7 => DType.F64, 11 => DType.Bool, 15 => DType.BF16,
        _ => null,
    };

    private static long Decode(BinaryReader reader)
    {
        long result = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            var b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("malformed LEB128 number");
    }
}
