#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on the ELF version need named <see cref="Version"/> in each file (see Pix2Pix.Training.targets).
/// Only the output copy is written, through a temporary file in the same folder.
/// </summary>
public sealed class Pix2PixWeakenVersionNeed : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Version { get; set; } = "";
    [Required] public string Mode { get; set; } = "auto";

    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] LibStdCxxDirs =
        { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" };

    public override bool Execute()
    {
        if (string.Equals(Mode, "auto", StringComparison.OrdinalIgnoreCase))
        {
            var host = FindHostLibStdCxx();
            if (host is null || Contains(File.ReadAllBytes(host), Encoding.ASCII.GetBytes(Version + "\0")))
                return true;
            Log.LogMessage(MessageImportance.Normal, $"{host} lacks {Version}: marking that version need weak in the TorchSharp native library of the output");
        }
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                var result = Weaken(bytes, Version);
                if (result == Outcome.Weakened)
                {
                    var tmp = path + ".weak-" + Guid.NewGuid().ToString("N") + ".tmp";
                    File.WriteAllBytes(tmp, bytes);
                    File.Replace(tmp, path, null);
                    Log.LogMessage(MessageImportance.High, $"pix2pix: {Path.GetFileName(path)}: version need {Version} marked weak (Debian 12 libstdc++ lacks it; see docs/torchsharp.md)");
                }
                else if (result == Outcome.NotFound)
                    Log.LogMessage(MessageImportance.Normal, $"{path} does not need {Version}; left as is");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Log.LogError($"pix2pix: could not mark {Version} weak in {path}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }

    private enum Outcome { Weakened, AlreadyWeak, NotFound }

    private static Outcome Weaken(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1) throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = checked((int)(shoff + (long)i * shentsize));
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            var offset = checked((int)BitConverter.ToUInt64(elf, sh + 24));
            var strtabHeader = checked((int)(shoff + (long)BitConverter.ToUInt32(elf, sh + 40) * shentsize));
            var strtab = checked((int)BitConverter.ToUInt64(elf, strtabHeader + 24));
            var count = BitConverter.ToUInt32(elf, sh + 44);
            var need = offset;
            for (var n = 0; n < count; n++)
            {
                var auxCount = BitConverter.ToUInt16(elf, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    if (ReadString(elf, strtab + (int)BitConverter.ToUInt32(elf, aux + 8)) == version)
                    {
                        var flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlgWeak) != 0) return Outcome.AlreadyWeak;
                        var weak = (ushort)(flags | VerFlgWeak);
                        elf[aux + 4] = (byte)(weak & 0xff);
                        elf[aux + 5] = (byte)(weak >> 8);
                        return Outcome.Weakened;
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        return Outcome.NotFound;
    }

    private static string ReadString(byte[] bytes, int start)
    {
        var end = Array.IndexOf(bytes, (byte)0, start);
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }

    private static string? FindHostLibStdCxx()
    {
        foreach (var dir in LibStdCxxDirs)
        {
            var candidate = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = Array.IndexOf(haystack, needle[0]); i >= 0 && i <= haystack.Length - needle.Length; i = Array.IndexOf(haystack, needle[0], i + 1))
        {
            var j = 1;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
