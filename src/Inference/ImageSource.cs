using OpenCvSharp;
using Pix2Pix.Imaging;

namespace Pix2Pix.Inference;

/// <summary>Where a pipeline item's encoded image comes from: a file, bytes in memory or a stream.</summary>
public abstract class ImageSource
{
    private protected ImageSource(string name) => Name = name;

    /// <summary>The file path, or the name given with the bytes or stream; used in results and messages.</summary>
    public string Name { get; }

    /// <summary>An image file, read asynchronously when a decode worker takes it.</summary>
    public static ImageSource FromFile(string path) => new FileSource(path ?? throw new ArgumentNullException(nameof(path)));

    /// <summary>An encoded image held in memory.</summary>
    public static ImageSource FromBytes(ReadOnlyMemory<byte> bytes, string name) =>
        new BytesSource(bytes, name ?? throw new ArgumentNullException(nameof(name)));

    /// <summary>A stream read to its end when a decode worker takes it; disposed after reading unless <paramref name="leaveOpen"/>.</summary>
    public static ImageSource FromStream(Stream stream, string name, bool leaveOpen = false) =>
        new StreamSource(stream ?? throw new ArgumentNullException(nameof(stream)), name ?? throw new ArgumentNullException(nameof(name)), leaveOpen);

    /// <summary>Reads the encoded bytes (the I/O part, asynchronous).</summary>
    /// <exception cref="ImageException">The file is missing, unreadable or empty.</exception>
    internal abstract Task<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Decodes bytes from <see cref="ReadAsync"/> (BGR/BGRA/gray, any depth); errors from a file name it.</summary>
    /// <exception cref="ImageException">The image is empty, corrupt or truncated.</exception>
    internal Mat Decode(ReadOnlyMemory<byte> bytes) => ImageCodec.Decode(bytes.Span, this is FileSource ? Name : null);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private sealed class FileSource(string path) : ImageSource(path)
    {
        internal override async Task<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ImageException(e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read file: {e.Message}", path, e);
            }
            if (bytes.Length == 0) throw new ImageException("file is empty (0 bytes)", path);
            return bytes;
        }
    }

    private sealed class BytesSource(ReadOnlyMemory<byte> bytes, string name) : ImageSource(name)
    {
        internal override Task<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(bytes);
    }

    private sealed class StreamSource(Stream stream, string name, bool leaveOpen) : ImageSource(name)
    {
        internal override async Task<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken)
        {
            try
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            }
            finally
            {
                if (!leaveOpen) await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
