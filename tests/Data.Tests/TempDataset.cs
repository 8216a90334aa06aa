using OpenCvSharp;
using Pix2Pix.Imaging;
using Pix2Pix.Training.Options;

namespace Pix2Pix.Data.Tests;

/// <summary>A throw-away dataroot filled with small generated images.</summary>
internal sealed class TempDataset : IDisposable
{
    public TempDataset() => Root = Directory.CreateTempSubdirectory("pix2pix-data-tests-").FullName;

    public string Root { get; }

    /// <summary>Official defaults pointing at this dataroot.</summary>
    public DataOptions Options() => new() { Dataroot = Root };

    public string Folder(params string[] parts)
    {
        string path = Path.Combine([Root, .. parts]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes an aligned A|B image: <paramref name="a"/> left, <paramref name="b"/> right.</summary>
    public string WriteAligned(string relativePath, Mat a, Mat b)
    {
        using Mat ab = new();
        Cv2.HConcat(a, b, ab);
        return Write(relativePath, ab);
    }

    public string Write(string relativePath, Mat image)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ImageCodec.Write(image, path);
        return path;
    }

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
