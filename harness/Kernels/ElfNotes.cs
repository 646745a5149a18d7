using System.Buffers.Binary;
using System.Text;

namespace ProbeHarness.Kernels;

/// <summary>Reads an ELF kernel's notes: whether it has the PVH entry QEMU boots an ELF x86 kernel through.</summary>
public static class ElfNotes
{
    private static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];
    private const uint PtNote = 4;
    // Xen's ELFNOTE_PHYS32_ENTRY: the kernel's 32-bit PVH entry point, read by QEMU's x86 ELF loader.
    private const uint XenPhys32Entry = 18;

    /// <summary>Null when <paramref name="elf"/> (little-endian, 32 or 64 bit) has a Xen PHYS32_ENTRY note; else why not.</summary>
    public static string? PvhEntryMissing(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 52 || !elf[..4].SequenceEqual(Magic))
            return "the unpacked kernel is not an ELF file";
        var wide = elf[4] == 2;
        if (elf[5] != 1) return "the unpacked kernel is not little-endian";
        ulong phoff = wide ? BinaryPrimitives.ReadUInt64LittleEndian(elf[0x20..]) : BinaryPrimitives.ReadUInt32LittleEndian(elf[0x1C..]);
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(elf[(wide ? 0x36 : 0x2A)..]);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(elf[(wide ? 0x38 : 0x2C)..]);
        for (var i = 0; i < phnum; i++)
        {
            var at = (long)phoff + (long)i * phentsize;
            if (at + phentsize > elf.Length) return "the unpacked kernel's program headers are cut off";
            var ph = elf.Slice((int)at, phentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != PtNote) continue;
            ulong offset = wide ? BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(ph[4..]);
            ulong size = wide ? BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]) : BinaryPrimitives.ReadUInt32LittleEndian(ph[16..]);
            if (offset + size > (ulong)elf.Length) return "the unpacked kernel's notes are cut off";
            if (HasPvhNote(elf.Slice((int)offset, (int)size))) return null;
        }
        return "the unpacked kernel has no PVH entry (Xen PHYS32_ENTRY note)";
    }

    private static bool HasPvhNote(ReadOnlySpan<byte> notes)
    {
        var at = 0;
        while (at + 12 <= notes.Length)
        {
            var nameSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(notes[at..]);
            var descSize = (int)BinaryPrimitives.ReadUInt32LittleEndian(notes[(at + 4)..]);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(notes[(at + 8)..]);
            var name = at + 12;
            var next = name + Align4(nameSize) + Align4(descSize);
            if (nameSize < 0 || descSize < 0 || next > notes.Length || next <= at) return false;
            if (type == XenPhys32Entry && Encoding.ASCII.GetString(notes.Slice(name, nameSize)).TrimEnd('\0') == "Xen") return true;
            at = next;
        }
        return false;
    }

    private static int Align4(int n) => (n + 3) & ~3;
}
