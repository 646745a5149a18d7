using System.Buffers.Binary;
using NUnit.Framework;
using ProbeHarness.Kernels;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.Kernels;

/// <summary>
/// The ELF kernel comes out of a bzImage through its boot header and the host's xz, and is booted only
/// with a PVH entry. The images here are built by the test (header, xz payload with the kernel's size
/// suffix, ELF with or without Xen's PHYS32_ENTRY note); the RealBoot tests boot Debian's x86_64 kernel
/// this way.
/// </summary>
public class UnpackedKernelTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("ph-unpacked-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    /// <summary>An ELF with one PT_NOTE segment holding one note (name, type).</summary>
    public static byte[] Elf(bool wide, string noteName = "Xen", uint noteType = 18)
    {
        int ehsize = wide ? 64 : 52, phentsize = wide ? 56 : 32;
        var name = System.Text.Encoding.ASCII.GetBytes(noteName + "\0");
        var nameSize = (name.Length + 3) & ~3;
        var note = new byte[12 + nameSize + 4];
        BinaryPrimitives.WriteUInt32LittleEndian(note, (uint)name.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(8), noteType);
        name.CopyTo(note, 12);
        var elf = new byte[ehsize + phentsize + note.Length];
        new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', (byte)(wide ? 2 : 1), 1, 1 }.CopyTo(elf, 0);
        var ph = elf.AsSpan(ehsize);
        if (wide)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(0x20), (ulong)ehsize);
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x36), (ushort)phentsize);
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x38), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(ph, 4);
            BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], (ulong)(ehsize + phentsize));
            BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)note.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(0x1C), (uint)ehsize);
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x2A), (ushort)phentsize);
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x2C), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(ph, 4);
            BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], (uint)(ehsize + phentsize));
            BinaryPrimitives.WriteUInt32LittleEndian(ph[16..], (uint)note.Length);
        }
        note.CopyTo(elf, ehsize + phentsize);
        return elf;
    }

    /// <summary>A bzImage (setup sectors as the header counts them: 0 means 4) whose payload is <paramref name="payload"/> plus the 4-byte size the kernel appends.</summary>
    public static byte[] BzImageAround(byte[] payload, int setupSects = 1)
    {
        var start = ((setupSects == 0 ? 4 : setupSects) + 1) * 512;
        var image = new byte[start + payload.Length + 4];
        image[0x1F1] = (byte)setupSects;
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x202), 0x53726448); // "HdrS"
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x206), 0x020F);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x248), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x24C), (uint)(payload.Length + 4));
        payload.CopyTo(image, start);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(start + payload.Length), 0x12345678);
        return image;
    }

    private async Task<byte[]> XzAsync(byte[] data)
    {
        var file = Path.Combine(_dir, "plain");
        await File.WriteAllBytesAsync(file, data);
        await Tool.CheckAsync("xz", ["--check=crc32", "--keep", "--force", file], TimeSpan.FromMinutes(1));
        return await File.ReadAllBytesAsync(file + ".xz");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task An_xz_payload_with_a_PVH_note_unpacks_to_the_ELF_itself(bool wide)
    {
        var elf = Elf(wide);
        var outDir = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        var why = await UnpackedKernel.TryUnpackAsync(BzImageAround(await XzAsync(elf), setupSects: wide ? 1 : 0), outDir, CancellationToken.None);
        Assert.That(why, Is.Null);
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(outDir, "vmlinux")), Is.EqualTo(elf));
        Assert.That(Directory.GetFiles(outDir), Has.Length.EqualTo(1), "only the ELF stays");
    }

    [Test]
    public async Task An_ELF_without_the_PVH_note_is_not_booted_and_says_why()
    {
        var outDir = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        var why = await UnpackedKernel.TryUnpackAsync(BzImageAround(await XzAsync(Elf(true, "Linux", 18))), outDir, CancellationToken.None);
        Assert.That(why, Does.Contain("no PVH entry"));
        Assert.That(Directory.GetFiles(outDir), Is.Empty);
    }

    [Test]
    public async Task Images_the_harness_cannot_unpack_are_named_with_the_reason()
    {
        var outDir = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        Assert.That(await UnpackedKernel.TryUnpackAsync(new byte[4096], outDir, CancellationToken.None), Does.Contain("not a bzImage"));
        var gzip = new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3 };
        Assert.That(await UnpackedKernel.TryUnpackAsync(BzImageAround(gzip), outDir, CancellationToken.None), Does.Contain("1F8B"));
        var corrupt = new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 1, 2, 3, 4, 5, 6 };
        Assert.That(await UnpackedKernel.TryUnpackAsync(BzImageAround(corrupt), outDir, CancellationToken.None), Does.StartWith("xz could not unpack"));
        var old = BzImageAround([1, 2, 3, 4, 5, 6, 7, 8]);
        BinaryPrimitives.WriteUInt16LittleEndian(old.AsSpan(0x206), 0x0206);
        Assert.That(await UnpackedKernel.TryUnpackAsync(old, outDir, CancellationToken.None), Does.Contain("2.6"));
        var cut = BzImageAround([1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.That(await UnpackedKernel.TryUnpackAsync(cut[..^6], outDir, CancellationToken.None), Does.Contain("outside"));
    }

    [Test]
    public void Notes_of_other_types_or_owners_are_not_a_PVH_entry()
    {
        Assert.That(ElfNotes.PvhEntryMissing(Elf(true, "Xen", 17)), Does.Contain("no PVH entry"));
        Assert.That(ElfNotes.PvhEntryMissing(Elf(false, "GNU", 18)), Does.Contain("no PVH entry"));
        Assert.That(ElfNotes.PvhEntryMissing(Elf(false)), Is.Null);
        Assert.That(ElfNotes.PvhEntryMissing(new byte[100]), Does.Contain("not an ELF"));
        var cut = Elf(true);
        Assert.That(ElfNotes.PvhEntryMissing(cut[..100]), Does.Contain("cut off"));
    }

    [Test]
    public void A_KASAN_kernel_boots_from_its_bzImage_not_its_PVH_entry()
    {
        var dir = Directory.CreateTempSubdirectory("ph-pvh-").FullName;
        try
        {
            var kasan = Path.Combine(dir, "kasan.config");
            File.WriteAllText(kasan, "CONFIG_PVH=y\nCONFIG_KASAN=y\nCONFIG_KASAN_INLINE=y\n");
            var debian = Path.Combine(dir, "debian.config");
            File.WriteAllText(debian, "CONFIG_PVH=y\n# CONFIG_KASAN is not set\nCONFIG_KASAN_SHADOW_OFFSET=0xdffffc0000000000\n");
            Assert.Multiple(() =>
            {
                Assert.That(UnpackedKernel.PvhEntryUsable(kasan), Is.False);
                Assert.That(UnpackedKernel.PvhEntryUsable(debian), Is.True);
                Assert.That(UnpackedKernel.PvhEntryUsable(null), Is.True);
                Assert.That(UnpackedKernel.PvhEntryUsable(Path.Combine(dir, "missing")), Is.True);
            });
        }
        finally { Directory.Delete(dir, true); }
    }
}
