using System.IO.Compression;
using System.Text;
using NUnit.Framework;
using ProbeHarness.Kernels;
using static ProbeHarness.Kernels.BuiltinDrivers;

namespace ProbeHarness.Tests.Kernels;

public class BuiltinDriversTests
{
    private static readonly string[] Agent = ["virtio_pci", "virtio_console"];

    [Test]
    public void A_config_says_built_in_module_or_absent_with_its_line()
    {
        var found = FromConfig(Agent, ["CONFIG_VIRTIO_PCI=y", "# CONFIG_VIRTIO_CONSOLE is not set"], "config-6.12");
        Assert.That(found.Select(f => (f.State, f.Evidence)), Is.EqualTo(new[]
            { (Kind.BuiltIn, "config-6.12 line 1"), (Kind.Absent, "config-6.12 line 2") }));
        Assert.That(FromConfig(["virtio_console"], ["CONFIG_VIRTIO_CONSOLE=m"], ".config").Single().State, Is.EqualTo(Kind.Module));
        Assert.That(FromConfig(["virtio_console"], ["CONFIG_VIRTIO=y"], ".config").Single().Evidence,
            Is.EqualTo("CONFIG_VIRTIO_CONSOLE is not in .config"));
    }

    [Test]
    public void Modules_builtin_lists_what_is_built_in()
    {
        var found = FromBuiltinList(Agent, ["kernel/drivers/virtio/virtio.ko", "kernel/drivers/virtio/virtio_pci.ko"], "modules.builtin");
        Assert.That(found.Select(f => (f.State, f.Evidence)), Is.EqualTo(new[]
            { (Kind.BuiltIn, "modules.builtin line 2"), (Kind.Module, "not in modules.builtin") }));
    }

    [Test]
    public void The_config_an_image_carries_is_read_when_nothing_else_says()
    {
        var image = Path.GetTempFileName();
        try
        {
            using (var f = File.Create(image))
            {
                f.Write(new byte[3 << 20]); // past the first read chunk
                f.Write("IKCFG_ST"u8);
                using (var gz = new GZipStream(f, CompressionLevel.Fastest, leaveOpen: true))
                    gz.Write(Encoding.ASCII.GetBytes("CONFIG_VIRTIO_PCI=y\nCONFIG_VIRTIO_CONSOLE=y\n"));
                f.Write("IKCFG_ED"u8);
            }
            var found = Decide(Agent, null, null, image);
            Assert.That(found.Select(d => (d.State, d.Evidence)), Is.EqualTo(new[]
                { (Kind.BuiltIn, "the image's IKCONFIG line 1"), (Kind.BuiltIn, "the image's IKCONFIG line 2") }));
            File.WriteAllBytes(image, new byte[100]);
            Assert.That(Decide(Agent, null, null, image).Select(d => d.State), Is.All.EqualTo(Kind.Unknown));
        }
        finally { File.Delete(image); }
    }
}
