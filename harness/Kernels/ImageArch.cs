using System.Buffers.Binary;
using System.IO.Compression;
using ProbeHarness.Architectures;

namespace ProbeHarness.Kernels;

/// <summary>
/// The architecture a kernel image is built for, read from its own header: an ELF's e_machine
/// (vmlinux, ppc64le's and s390x's images), the x86 boot protocol's setup header (bzImage: 64-bit
/// when xloadflags says it has the 64-bit entry), or the arm64 and riscv Image header's magic
/// (also inside a gzip-compressed vmlinuz, as Debian ships arm64's).
/// </summary>
public static class ImageArch
{
    // The image header's magic, at 0x38 in both the arm64 and the riscv boot protocols.
    private const int ImageMagicAt = 0x38;
    private const int HeaderBytes = 4096;
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>(ELF e_machine, 64-bit) to the arch table's name.</summary>
    private static readonly Dictionary<(ushort Machine, bool Wide), string> ElfMachines = new()
    {
        [(0x3E, true)] = "x86_64", [(0x03, false)] = "i386", [(0xB7, true)] = "arm64",
        [(0x15, true)] = "ppc64le", [(0x16, true)] = "s390x", [(0xF3, true)] = "riscv64",
    };

    /// <summary>The image's architecture and what told it (for messages); null when the header says nothing the harness reads.</summary>
    public static (Arch Arch, string Evidence)? Of(string imagePath)
    {
        var head = ReadHead(imagePath);
        return Of(head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B ? Gunzip(imagePath) : head);
    }

    public static (Arch Arch, string Evidence)? Of(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 20 && head[..4].SequenceEqual(ElfMagic))
        {
            var wide = head[4] == 2;
            var little = head[5] == 1;
            var machine = little ? BinaryPrimitives.ReadUInt16LittleEndian(head[18..]) : BinaryPrimitives.ReadUInt16BigEndian(head[18..]);
            // ppc64 big-endian shares e_machine with ppc64le: the byte order tells them apart.
            if (machine == 0x15 && !little) return null;
            return ElfMachines.TryGetValue((machine, wide), out var name)
                ? (ArchTable.Get(name), $"ELF machine 0x{machine:X}") : null;
        }
        if (head.Length >= 0x240 && BinaryPrimitives.ReadUInt32LittleEndian(head[0x202..]) == 0x53726448)
        {
            // xloadflags (protocol 2.12+), bit 0: the kernel has the 64-bit entry point.
            var version = BinaryPrimitives.ReadUInt16LittleEndian(head[0x206..]);
            if (version < 0x020C) return null;
            return (head[0x236] & 1) != 0 ? (ArchTable.Get("x86_64"), "bzImage with a 64-bit entry")
                : (ArchTable.Get("i386"), "bzImage without a 64-bit entry");
        }
        if (head.Length >= ImageMagicAt + 4)
        {
            var magic = head.Slice(ImageMagicAt, 4);
            if (magic.SequenceEqual("ARM\x64"u8)) return (ArchTable.Get("arm64"), "arm64 Image header");
            if (magic.SequenceEqual("RSC\x05"u8)) return (ArchTable.Get("riscv64"), "riscv Image header");
        }
        return null;
    }

    private static byte[] ReadHead(string path)
    {
        using var f = File.OpenRead(path);
        var buffer = new byte[HeaderBytes];
        return buffer[..f.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)];
    }

    private static byte[] Gunzip(string path)
    {
        try
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            var buffer = new byte[HeaderBytes];
            return buffer[..gz.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false)];
        }
        catch (InvalidDataException) { return []; }
    }
}
