namespace Pix2Pix.Quantization.Tests;

/// <summary>A fresh temporary folder, deleted with everything in it on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("p2p-quant-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
