using System.Text;
using NUnit.Framework;
using ProbeHarness.Guest;

namespace ProbeHarness.Tests.Guest;

public class KernelModulesTests
{
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"mods-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_dir, "kernel", "drivers"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, true);

    /// <summary>A stand-in .ko: only its .modinfo strings matter to the resolver.</summary>
    private void Module(string name, string depends, string extraBefore = "")
    {
        var bytes = Encoding.ASCII.GetBytes($"\x7f" + "ELF\0" + extraBefore + $"\0license=GPL\0depends={depends}\0retpoline=Y\0name={name}\0");
        File.WriteAllBytes(Path.Combine(_dir, "kernel", "drivers", name + ".ko"), bytes);
    }

    [Test]
    public async Task Dependencies_come_first_and_once()
    {
        Module("virtio_ring", "");
        Module("virtio", "virtio_ring");
        Module("virtio_pci", "virtio_ring,virtio");
        Module("virtio_console", "virtio,virtio_ring");
        var order = (await KernelModules.ResolveAsync(_dir, ["virtio_pci", "virtio_console"])).Select(m => m.Name).ToList();
        Assert.That(order, Is.EqualTo(new[] { "virtio_ring", "virtio", "virtio_pci", "virtio_console" }));
    }

    [Test]
    public void A_depends_inside_another_string_is_not_taken()
    {
        Module("a", "", extraBefore: "description=xdepends=bogus");
        Assert.That(KernelModules.Depends(Path.Combine(_dir, "kernel", "drivers", "a.ko")), Is.Empty);
    }

    [Test]
    public async Task Built_in_modules_are_skipped()
    {
        Module("virtio_console", "virtio");
        File.WriteAllText(Path.Combine(_dir, "modules.builtin"), "kernel/drivers/virtio/virtio.ko\n");
        Assert.That((await KernelModules.ResolveAsync(_dir, ["virtio_console"])).Select(m => m.Name), Is.EqualTo(new[] { "virtio_console" }));
    }

    [Test]
    public async Task Everything_built_in_needs_no_module()
    {
        // trixie riscv64: CONFIG_VIRTIO_PCI=y, CONFIG_VIRTIO_CONSOLE=y
        File.WriteAllText(Path.Combine(_dir, "modules.builtin"), "kernel/drivers/virtio/virtio_pci.ko\nkernel/drivers/char/virtio_console.ko\n");
        Assert.That(await KernelModules.ResolveAsync(_dir, ["virtio_pci", "virtio_console"]), Is.Empty);
    }

    [TestCase("xz")]
    [TestCase("zstd")]
    public async Task Compressed_modules_are_read_and_returned_uncompressed(string tool)
    {
        // trixie ships .ko.xz (CONFIG_MODULE_COMPRESS_XZ); dependencies are read from inside.
        Module("virtio_ring", "");
        Module("virtio_console", "virtio_ring");
        var plain = File.ReadAllBytes(Path.Combine(_dir, "kernel", "drivers", "virtio_console.ko"));
        foreach (var f in Directory.GetFiles(Path.Combine(_dir, "kernel", "drivers")))
            await ProbeHarness.Processes.Tool.CheckAsync(tool, tool == "zstd" ? ["-q", "--rm", f] : ["-q", f], TimeSpan.FromSeconds(30));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "kernel", "drivers")).Select(Path.GetFileName),
            Has.All.Not.EndWith(".ko"), "the tool replaced the plain files");
        var mods = await KernelModules.ResolveAsync(_dir, ["virtio_console"]);
        Assert.That(mods.Select(m => m.Name), Is.EqualTo(new[] { "virtio_ring", "virtio_console" }));
        Assert.That(mods[1].Content, Is.EqualTo(plain));
    }

    [Test]
    public void A_missing_module_is_named()
    {
        Assert.That(() => KernelModules.ResolveAsync(_dir, ["nowhere"]),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("nowhere"));
    }
}
