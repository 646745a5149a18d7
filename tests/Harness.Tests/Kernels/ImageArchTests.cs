using System.IO.Compression;
using NUnit.Framework;
using ProbeHarness.Kernels;
using static ProbeHarness.Tests.Kernels.FakeKernelFiles;

namespace ProbeHarness.Tests.Kernels;

public class ImageArchTests
{
    private static IEnumerable<TestCaseData> Headers()
    {
        yield return new TestCaseData(BzImage(wide: true), "x86_64").SetName("bzImage with the 64-bit entry");
        yield return new TestCaseData(BzImage(wide: false), "i386").SetName("bzImage without it");
        yield return new TestCaseData(Elf(0x3E), "x86_64").SetName("x86_64 vmlinux");
        yield return new TestCaseData(Elf(0x03, wide: false), "i386").SetName("i386 vmlinux");
        yield return new TestCaseData(Elf(0xB7), "arm64").SetName("arm64 vmlinux");
        yield return new TestCaseData(Elf(0x15), "ppc64le").SetName("ppc64le vmlinux");
        yield return new TestCaseData(Elf(0x16, little: false), "s390x").SetName("s390x vmlinux");
        yield return new TestCaseData(Elf(0xF3), "riscv64").SetName("riscv64 vmlinux");
        yield return new TestCaseData(Image("ARM\x64"), "arm64").SetName("arm64 Image");
        yield return new TestCaseData(Image("RSC\x05"), "riscv64").SetName("riscv Image");
    }

    [TestCaseSource(nameof(Headers))]
    public void The_header_says_the_arch(byte[] head, string arch) =>
        Assert.That(ImageArch.Of(head)?.Arch.Name, Is.EqualTo(arch));

    [Test]
    public void Headers_that_say_nothing_known_give_null()
    {
        Assert.That(ImageArch.Of("not a kernel"u8), Is.Null);
        Assert.That(ImageArch.Of(Elf(0x15, little: false)), Is.Null, "big-endian ppc64 has no row");
        Assert.That(ImageArch.Of(Elf(0x08)), Is.Null, "mips");
    }

    [Test]
    public void A_gzip_compressed_Image_is_read_inside()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
                gz.Write([.. Image("ARM\x64"), .. new byte[100_000]]);
            Assert.That(ImageArch.Of(path)?.Arch.Name, Is.EqualTo("arm64"));
        }
        finally { File.Delete(path); }
    }
}
