using System.Buffers.Binary;
using System.Text;

namespace ProbeHarness.Tests.Kernels;

/// <summary>Headers of kernel images and the text of kernel files, small enough for unit tests.</summary>
internal static class FakeKernelFiles
{
    /// <summary>An x86 bzImage setup header: 64-bit when xloadflags has the 64-bit entry, and a kernel_version string.</summary>
    public static byte[] BzImage(bool wide, string version = "6.12.57+deb13-amd64 (debian-kernel@lists.debian.org) #1 SMP")
    {
        var b = new byte[0x1000];
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(0x202), 0x53726448);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(0x206), 0x020F);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(0x20E), 0x400);
        b[0x236] = (byte)(wide ? 0x7F : 0x00);
        Encoding.ASCII.GetBytes(version + "\0").CopyTo(b, 0x600);
        return b;
    }

    /// <summary>An ELF header: class, byte order and e_machine.</summary>
    public static byte[] Elf(ushort machine, bool wide = true, bool little = true)
    {
        var b = new byte[64];
        b[0] = 0x7F; b[1] = (byte)'E'; b[2] = (byte)'L'; b[3] = (byte)'F';
        b[4] = (byte)(wide ? 2 : 1);
        b[5] = (byte)(little ? 1 : 2);
        if (little) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), machine);
        else BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(18), machine);
        return b;
    }

    /// <summary>An arm64 or riscv Image header: its magic at 0x38.</summary>
    public static byte[] Image(string magic)
    {
        var b = new byte[64];
        Encoding.Latin1.GetBytes(magic).CopyTo(b, 0x38);
        return b;
    }

    /// <summary>A System.map SystemMapMaker takes for real: thousands of symbols, _stext among them.</summary>
    public static string RealSystemMap() =>
        "ffffffff81000000 T _stext\n" + string.Concat(Enumerable.Range(1, 1200).Select(i => $"ffffffff81{i:x6} T sym{i}\n"));

    public const string PlaceholderSystemMap = "ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n";

    /// <summary>A config with the agent channel's drivers as given (y or m).</summary>
    public static string Config(string virtioPci, string virtioConsole) =>
        $"# Linux/x86 6.12 Kernel Configuration\nCONFIG_VIRTIO=y\nCONFIG_VIRTIO_PCI={virtioPci}\nCONFIG_VIRTIO_CONSOLE={virtioConsole}\n";
}
