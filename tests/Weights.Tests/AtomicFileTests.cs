namespace Pix2Pix.Weights.Tests;

public sealed class AtomicFileTests
{
    [Fact]
    public void Write_ReplacesExistingFileAndLeavesNoTemporaryFile()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.bin");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void Write_FailingMidWrite_KeepsOldFileAndRemovesTemporaryFile()
    {
        using var directory = new TempDirectory();
        string path = directory.File("model.bin");
        File.WriteAllText(path, "old content");

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096]);
            stream.Flush();
            throw new IOException("disk full");
        }));

        Assert.Equal("disk full", error.Message);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void RemoveLeftovers_RemovesOnlyTemporaryFilesOfKilledWrites()
    {
        using var directory = new TempDirectory();
        string path = directory.File("latest.safetensors");
        AtomicFile.WriteAllBytes(path, [1]);
        string leftover = directory.File($".latest.safetensors.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(leftover, [1, 2]); // what a SIGKILL between create and rename leaves
        string[] kept = [directory.File(".hidden.tmp"), directory.File("notes.tmp"), directory.File($".x.{Guid.NewGuid():N}.tmp.bak")];
        foreach (string k in kept) File.WriteAllText(k, "keep");

        Assert.Equal(1, AtomicFile.RemoveLeftovers(directory.Path));

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(path));
        Assert.All(kept, k => Assert.True(File.Exists(k), k));
        Assert.Equal(0, AtomicFile.RemoveLeftovers(directory.File("missing")));

        string nested = directory.File(Path.Combine("web", "images", $".epoch001.png.{Guid.NewGuid():N}.tmp"));
        Directory.CreateDirectory(Path.GetDirectoryName(nested)!);
        File.WriteAllBytes(nested, [1]);
        Assert.Equal(0, AtomicFile.RemoveLeftovers(directory.Path));
        Assert.Equal(1, AtomicFile.RemoveLeftovers(directory.Path, SearchOption.AllDirectories));
        Assert.False(File.Exists(nested));
    }

    [Fact]
    public void Write_FailingWithoutExistingFile_CreatesNothing()
    {
        using var directory = new TempDirectory();
        string path = directory.File("new.bin");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, _ => throw new InvalidOperationException()));

        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public void Write_CreatesMissingDirectoryAndToleratesDisposingTheStream()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "checkpoints", "latest.txt");

        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write("hello");
        });

        Assert.Equal("hello", File.ReadAllText(path));
    }

    [Fact]
    public async Task WriteAllBytesAsync_ReplacesTheFileInANewDirectoryAndLeavesNoTemporaryFile()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "out", "image.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "old");

        await AtomicFile.WriteAllBytesAsync(path, new byte[] { 4, 5, 6 });
        await AtomicFile.WriteAllBytesAsync(Path.Combine(directory.Path, "new", "deeper", "x.bin"), new byte[] { 7 });

        Assert.Equal(new byte[] { 4, 5, 6 }, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(Path.GetDirectoryName(path)!));
        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(Path.Combine(directory.Path, "new", "deeper", "x.bin")));
    }

    [Fact]
    public async Task WriteAllBytesAsync_Cancelled_KeepsOldFileAndRemovesTemporaryFile()
    {
        using var directory = new TempDirectory();
        string path = directory.File("image.png");
        File.WriteAllText(path, "old");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAllBytesAsync(path, new byte[1 << 20], cancelled.Token));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(directory.Path));
    }

    [Fact]
    public void SafeTensorsSave_WithInvalidInput_KeepsOldFile()
    {
        using var directory = new TempDirectory();
        string path = directory.File("w.safetensors");
        File.WriteAllText(path, "old");
        var duplicate = NamedTensor.FromFloat32("w", [1], [1]);

        Assert.Throws<ArgumentException>(() => SafeTensors.Save(path, [duplicate, duplicate]));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(directory.Path));
    }
}
