using ProbeHarness.Caching;
using ProbeHarness.Processes;

namespace ProbeHarness.Kernels;

/// <summary>
/// The uncompressed ELF kernel inside an x86 bzImage, unpacked on the host and cached under
/// kernel-elf/, for QEMU to boot through the kernel's PVH entry: decompressing the kernel under
/// emulation is most of an x86 TCG boot. A bzImage whose payload the host cannot unpack, or whose
/// ELF has no PVH entry, is booted as it is.
/// </summary>
public static class UnpackedKernel
{
    // Bump when the entry's layout or the way it is made changes.
    private const string Layout = "kernel-elf-v1";
    private const string ElfName = "vmlinux";
    private const string NotBootableName = "not-bootable.txt";

    /// <summary>
    /// Whether the kernel built with this .config may boot through its PVH entry. A KASAN kernel may
    /// not: the debug twin of 6.1.0-57 (KASAN inline) reset before printing a line that way (QEMU exited
    /// at once under -no-reboot) and boots normally from its bzImage; the PVH entry runs instrumented C
    /// code before KASAN's shadow exists. Unknown configs are taken as safe, as Debian's are.
    /// </summary>
    public static bool PvhEntryUsable(string? configPath) =>
        configPath is null || !File.Exists(configPath) || !File.ReadLines(configPath).Any(l => l.Trim() == "CONFIG_KASAN=y");

    /// <summary>A payload format: its magic bytes and the host tool that unpacks FILE.ext into FILE.</summary>
    private sealed record Format(string Name, byte[] Magic, string Extension, Func<string, string, string[]> Args);

    // Kernels 5.9+ append the uncompressed size (4 bytes) to every compressed payload; those bytes are cut off
    // before the tool sees the stream.
    private static readonly Format[] Formats =
    [
        new("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], ".xz", (packed, _) => ["--decompress", "--single-stream", "--keep", packed]),
        new("zstd", [0x28, 0xB5, 0x2F, 0xFD], ".zst", (packed, plain) => ["--decompress", "--quiet", "-f", packed, "-o", plain]),
    ];

    /// <summary>
    /// The file to boot for <paramref name="bzImage"/>: the cached unpacked ELF when it has a PVH
    /// entry, else the bzImage itself (the reason reported through <paramref name="progress"/>).
    /// </summary>
    public static async Task<string> BootableAsync(HarnessCache cache, string bzImage, IProgress<string>? progress,
        CancellationToken ct)
    {
        var entry = await cache.GetOrCreateAsync("kernel-elf", HarnessCache.KeyOf(Layout, FileHashes.Of(bzImage)),
            (tmp, c) => UnpackAsync(bzImage, tmp, progress, c), ct);
        var elf = Path.Combine(entry, ElfName);
        if (File.Exists(elf)) return elf;
        progress?.Report($"booting {Path.GetFileName(bzImage)} compressed: {File.ReadAllText(Path.Combine(entry, NotBootableName)).Trim()}");
        return bzImage;
    }

    private static async Task UnpackAsync(string bzImage, string dir, IProgress<string>? progress, CancellationToken ct)
    {
        progress?.Report($"unpacking the ELF kernel from {Path.GetFileName(bzImage)}");
        var why = await TryUnpackAsync(await File.ReadAllBytesAsync(bzImage, ct), dir, ct);
        if (why is not null) await File.WriteAllTextAsync(Path.Combine(dir, NotBootableName), why + "\n", ct);
    }

    /// <summary>Unpacks the ELF into <paramref name="dir"/>; returns why it cannot be booted, or null when it can.</summary>
    public static async Task<string?> TryUnpackAsync(byte[] image, string dir, CancellationToken ct)
    {
        var (payload, error) = BzImage.Payload(image);
        if (error is not null) return error;
        var format = Formats.FirstOrDefault(f => payload.Span.StartsWith(f.Magic));
        if (format is null)
            return $"its payload is in a format the host does not unpack here (starts {Convert.ToHexString(payload.Span[..Math.Min(6, payload.Length)])}; known: {string.Join(", ", Formats.Select(f => f.Name))})";
        var plain = Path.Combine(dir, ElfName + ".unpacked");
        var packed = plain + format.Extension;
        await File.WriteAllBytesAsync(packed, payload[..^4].ToArray(), ct);
        var r = await Tool.RunAsync(format.Name, format.Args(packed, plain), TimeSpan.FromMinutes(5), ct);
        File.Delete(packed);
        if (!r.Ok) return $"{format.Name} could not unpack its payload: {r.Gist(3)}";
        var why = ElfNotes.PvhEntryMissing(await File.ReadAllBytesAsync(plain, ct));
        if (why is not null)
        {
            File.Delete(plain);
            return why;
        }
        File.Move(plain, Path.Combine(dir, ElfName));
        return null;
    }
}
