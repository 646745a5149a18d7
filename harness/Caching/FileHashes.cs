using System.Collections.Concurrent;

namespace ProbeHarness.Caching;

/// <summary>
/// Content hashes of large files (kernels, initramfs images, QEMU), computed once per process for
/// a file that keeps its path, size and modification time.
/// </summary>
public static class FileHashes
{
    private static readonly ConcurrentDictionary<(string, long, DateTime), string> Known = new();

    public static string Of(string path)
    {
        var info = new FileInfo(path);
        var full = info.FullName;
        return Known.GetOrAdd((full, info.Length, info.LastWriteTimeUtc), _ => HarnessCache.HashFile(full));
    }
}
