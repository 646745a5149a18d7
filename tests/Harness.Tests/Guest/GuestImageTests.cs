using System.Text;
using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;

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

    /// <summary>An image for riscv64 whose channel drivers are built in, with one userland root holding <paramref name="files"/>.</summary>
    private static string Image(DirectoryInfo dir, params string[] files)
    {
        var modules = Directory.CreateDirectory(Path.Combine(dir.FullName, "modules"));
        File.WriteAllText(Path.Combine(modules.FullName, "modules.builtin"), "kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/char/virtio_console.ko\n");
        var busybox = Path.Combine(dir.FullName, "busybox");
        File.WriteAllText(busybox, "");
        var root = Path.Combine(dir.FullName, "root");
        foreach (var f in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, f))!);
            File.WriteAllText(Path.Combine(root, f), "");
        }
        return root;
    }

    [Test]
    public async Task A_trixie_userland_reaches_its_loader_by_the_path_programs_ask_for()
    {
        var dir = Directory.CreateTempSubdirectory("guest-image-");
        try
        {
            var root = Image(dir, "usr/bin/staprun", "usr/lib/ld-linux-riscv64-lp64d.so.1", "usr/lib/riscv64-linux-gnu/libc.so.6");
            var spec = new GuestImageSpec(ArchTable.Get("riscv64"), Path.Combine(dir.FullName, "modules"), Path.Combine(dir.FullName, "busybox"), [root], []);
            var initrd = Path.Combine(dir.FullName, "initrd.gz");
            await GuestImage.BuildAsync(spec, initrd);
            var entries = CpioTests.Read(initrd);
            var loader = entries.Single(e => e.Name == "lib/ld-linux-riscv64-lp64d.so.1");
            Assert.That((loader.Mode & 0xF000, Encoding.UTF8.GetString(loader.Data)), Is.EqualTo((0xA000, "/usr/lib/ld-linux-riscv64-lp64d.so.1")));
            Assert.That(Encoding.ASCII.GetString(entries.Single(e => e.Name == "etc/ph/modules").Data), Is.EqualTo("\n"), "all built in");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Test]
    public void A_userland_without_the_arch_loader_is_refused_before_any_boot()
    {
        var dir = Directory.CreateTempSubdirectory("guest-image-");
        try
        {
            var root = Image(dir, "usr/bin/staprun", "lib/ld-linux-aarch64.so.1");
            var spec = new GuestImageSpec(ArchTable.Get("riscv64"), Path.Combine(dir.FullName, "modules"), Path.Combine(dir.FullName, "busybox"), [root], []);
            Assert.That(() => GuestImage.BuildAsync(spec, Path.Combine(dir.FullName, "initrd.gz")),
                Throws.InstanceOf<InfrastructureException>().With.Message.Contains("/lib/ld-linux-riscv64-lp64d.so.1"));
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
