using NUnit.Framework;
using ProbeHarness.Guest;

namespace ProbeHarness.Tests.Guest;

public class GuestImageTests
{
    [TestCase("usr/lib/ld-linux-riscv64-lp64d.so.1", "lib/ld-linux-riscv64-lp64d.so.1")]
    [TestCase("usr/lib64/ld-linux-x86-64.so.2", "lib64/ld-linux-x86-64.so.2")]
    [TestCase("usr/lib/riscv64-linux-gnu/libc.so.6", null)] // the loader searches both lib dirs itself
    [TestCase("lib/ld-linux-aarch64.so.1", null)]
    [TestCase("usr/bin/staprun", null)]
    public void A_merged_usr_package_gets_its_loader_under_lib_too(string rel, string? alias) =>
        Assert.That(GuestImage.MergedUsrAlias(rel), Is.EqualTo(alias));

    [Test]
    public void Userland_files_are_the_programs_and_the_shared_libraries_wherever_Debian_puts_them()
    {
        var root = Directory.CreateTempSubdirectory("userland-");
        try
        {
            foreach (var f in new[] { "usr/bin/staprun", "usr/lib/systemtap/stapio", "lib64/ld64.so.2",
                         "lib/powerpc64le-linux-gnu/libc.so.6", "usr/lib/powerpc64le-linux-gnu/libelf.so.1", "usr/share/doc/x.so.txt.d/readme" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root.FullName, f))!);
                File.WriteAllText(Path.Combine(root.FullName, f), "");
            }
            Assert.That(GuestImage.UserlandFiles(root.FullName, "powerpc64le-linux-gnu"), Is.EquivalentTo(new[]
            {
                "usr/bin/staprun", "usr/lib/systemtap/stapio", "lib64/ld64.so.2",
                "lib/powerpc64le-linux-gnu/libc.so.6", "usr/lib/powerpc64le-linux-gnu/libelf.so.1",
            }));
        }
        finally
        {
            root.Delete(true);
        }
    }
}
