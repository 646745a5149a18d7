using System.IO.Compression;
using ProbeHarness.Processes;

namespace ProbeHarness.Guest;

/// <summary>
/// A kernel module's bytes, uncompressed. Debian's 6.1 packages ship plain .ko files; trixie's
/// ship .ko.xz (CONFIG_MODULE_COMPRESS_XZ), which busybox insmod cannot load and whose .modinfo
/// cannot be read compressed. Only the few modules a guest needs are decompressed, with the
/// host's xz or zstd (setup-host installs both); unpacking a whole tree would take ~0.6 GB.
/// </summary>
public static class ModuleFile
{
    public static readonly string[] Suffixes = [".ko", ".ko.xz", ".ko.zst", ".ko.gz"];

    /// <summary>The module name of a file (virtio_console for virtio_console.ko.xz), or null when it is no module.</summary>
    public static string? NameOf(string path)
    {
        var n = Path.GetFileName(path);
        foreach (var s in Suffixes)
            if (n.EndsWith(s, StringComparison.Ordinal)) return n[..^s.Length];
        return null;
    }

    public static async Task<byte[]> ReadAsync(string path, CancellationToken ct)
    {
        if (path.EndsWith(".ko", StringComparison.Ordinal)) return await File.ReadAllBytesAsync(path, ct);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            await using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var m = new MemoryStream();
            await gz.CopyToAsync(m, ct);
            return m.ToArray();
        }
        var tool = path.EndsWith(".xz", StringComparison.Ordinal) ? "xz"
            : path.EndsWith(".zst", StringComparison.Ordinal) ? "zstd"
            : throw new ArgumentException($"{path} is not a kernel module (.ko, .ko.xz, .ko.zst, .ko.gz)");
        // Decompressed beside a private copy: the tools write files, and stdout is text to Tool.
        var tmp = Directory.CreateTempSubdirectory("ph-module-");
        try
        {
            var copy = Path.Combine(tmp.FullName, Path.GetFileName(path));
            File.Copy(path, copy);
            await Tool.CheckAsync(tool, ["-d", "-q", copy], TimeSpan.FromMinutes(1), ct);
            return await File.ReadAllBytesAsync(copy[..copy.LastIndexOf('.')], ct);
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
    }
}
