using NUnit.Framework;
using ProbeHarness.Triage;

namespace ProbeHarness.Tests.Triage;

/// <summary>Titles that follow syzkaller's formats whatever the kernel's own wording (see corpus/README.md).</summary>
public class SyzkallerTitleTests
{
    private static string Title(string header, string arch) =>
        ConsoleTriage.Parse($"{header}\nCall Trace:\n <TASK>\n victim_fn+0x5/0x20\n do_syscall_64+0x5d/0xb0\n </TASK>\n---[ end trace 0000000000000000 ]---\n", arch)[0].Title;

    [TestCase("BUG: kernel NULL pointer dereference, address: 0000000000000000", "x86_64")]
    [TestCase("BUG: unable to handle kernel NULL pointer dereference at 0000000000000008", "x86_64")]
    [TestCase("Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000", "arm64")]
    [TestCase("BUG: Kernel NULL pointer dereference on read at 0x00000000", "ppc64le")]
    [TestCase("Unable to handle kernel access to user memory without uaccess routines at virtual address 0000000000000000", "riscv64")]
    [TestCase("Unable to handle kernel access to user memory without uaccess routines at virtual address 0000000000000ff8", "riscv64")]
    public void NullDereference(string header, string arch) =>
        Assert.That(Title(header, arch), Is.EqualTo("BUG: unable to handle kernel NULL pointer dereference in victim_fn"));

    [TestCase("BUG: unable to handle page fault for address: 0000000000010000", "x86_64")]
    [TestCase("BUG: unable to handle kernel paging request at ffffc90000000000", "x86_64")]
    [TestCase("Unable to handle kernel paging request at virtual address 0000000000010000", "arm64")]
    [TestCase("Unable to handle kernel access to user memory without uaccess routines at virtual address 0000000000010000", "riscv64")]
    public void PagingRequest(string header, string arch) =>
        Assert.That(Title(header, arch), Is.EqualTo("BUG: unable to handle kernel paging request in victim_fn"));

    [TestCase("WARNING: lock held when returning to user space!", "WARNING: lock held when returning to user space in victim_fn")]
    [TestCase("WARNING: held lock freed!", "WARNING: held lock freed in victim_fn")]
    public void Lockdep(string header, string title) => Assert.That(Title(header, "x86_64"), Is.EqualTo(title));
}
