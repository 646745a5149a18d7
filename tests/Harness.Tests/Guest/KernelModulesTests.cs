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
    public void Dependencies_come_first_and_once()
    {
        Module("virtio_ring", "");
        Module("virtio", "virtio_ring");
        Module("virtio_pci", "virtio_ring,virtio");
        Module("virtio_console", "virtio,virtio_ring");
        var order = KernelModules.Resolve(_dir, ["virtio_pci", "virtio_console"]).Select(m => m.Name).ToList();
        Assert.That(order, Is.EqualTo(new[] { "virtio_ring", "virtio", "virtio_pci", "virtio_console" }));
    }

    [Test]
    public void A_depends_inside_another_string_is_not_taken()
    {
        Module("a", "", extraBefore: "description=xdepends=bogus");
        Assert.That(KernelModules.Depends(Path.Combine(_dir, "kernel", "drivers", "a.ko")), Is.Empty);
    }

    [Test]
    public void Built_in_modules_are_skipped()
    {
        Module("virtio_console", "virtio");
        File.WriteAllText(Path.Combine(_dir, "modules.builtin"), "kernel/drivers/virtio/virtio.ko\n");
        Assert.That(KernelModules.Resolve(_dir, ["virtio_console"]).Select(m => m.Name), Is.EqualTo(new[] { "virtio_console" }));
    }

    [Test]
    public void A_missing_module_is_named()
    {
        Assert.That(() => KernelModules.Resolve(_dir, ["nowhere"]),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("nowhere"));
    }
}
