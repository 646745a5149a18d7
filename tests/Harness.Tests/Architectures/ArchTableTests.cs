using System.Text.RegularExpressions;
using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Processes;

namespace ProbeHarness.Tests.ArchitectureTable; // not .Architectures: that would hide ProbeHarness.Architectures from the other test folders

/// <summary>Every row of the table is complete and agrees with itself, with Debian and with setup-host.</summary>
public class ArchTableTests
{
    private static IEnumerable<Arch> Rows => ArchTable.All;

    [Test]
    public void Names_and_Debian_names_are_unique_and_found_either_way()
    {
        Assert.That(Rows.Select(a => a.Name), Is.Unique);
        Assert.That(Rows.Select(a => a.DebianArch), Is.Unique);
        foreach (var a in Rows)
            Assert.That((ArchTable.Get(a.Name), ArchTable.Get(a.DebianArch)), Is.EqualTo((a, a)));
        Assert.That(() => ArchTable.Get("mips"), Throws.ArgumentException.With.Message.Contains("riscv64"));
        Assert.That(ArchTable.Find("mips"), Is.Null);
    }

    [Test]
    public void Every_name_of_every_row_finds_that_row_and_no_other()
    {
        // The harness's, Debian's and the kernel's (`uname -m`) names: one alias function for all of them.
        var names = Rows.SelectMany(a => a.Names.Select(n => (Name: n, Row: a))).ToList();
        Assert.That(names.Select(n => n.Name), Is.Unique);
        foreach (var (name, row) in names) Assert.That(ArchTable.Get(name), Is.SameAs(row), name);
        Assert.That(ArchTable.Get("aarch64").Name, Is.EqualTo("arm64"));
        Assert.That(ArchTable.Get("amd64").Name, Is.EqualTo("x86_64"));
        Assert.That(ArchTable.Get("i686").Name, Is.EqualTo("i386"));
    }

    [TestCaseSource(nameof(Rows))]
    public void Every_field_is_filled(Arch a)
    {
        foreach (var p in typeof(Arch).GetProperties().Where(p => p.PropertyType == typeof(string)))
            Assert.That((string)p.GetValue(a)!, Is.Not.Empty, $"{a}.{p.Name}");
        Assert.That(a.KernelFlavors, Is.Not.Empty);
        Assert.That(a.AgentModules, Is.Not.Empty);
        Assert.That(a.KernelImageGlob, Does.Contain("{release}").And.Match("^vmlinu[xz]-"));
        Assert.That(a.SyscallPrefix, Does.EndWith("sys_"));
        Assert.That(a.DynamicLoader, Does.Match(@"^/lib(64)?/ld[-\w.]*\.so\.\d$"));
        Assert.That(a.CrossCompilePrefix, Is.EqualTo(a.CrossCompilerPackage["gcc-".Length..].Replace("x86-64", "x86_64") + "-"));
        Assert.That(a.QemuBinary, Does.StartWith("qemu-system-"));
        Assert.That(a.QemuPackage, Does.StartWith("qemu-system-"));
    }

    [TestCaseSource(nameof(Rows))]
    public void The_console_is_the_machines_first_serial_device(Arch a)
    {
        // -M's value may carry machine properties after the type (pseries,x-vof=on).
        var expected = a.Machine.Split(',')[0] switch
        {
            "pc" or "q35" => "ttyS0",
            "virt" when a.KernelArch == "arm64" => "ttyAMA0", // PL011
            "virt" => "ttyS0",                                  // riscv: 16550
            "pseries" => "hvc0",                                // the hypervisor's virtual console
            "s390-ccw-virtio" => "ttysclp0",                    // SCLP line mode
            _ => throw new AssertionException($"{a}: no expectation for machine {a.Machine}"),
        };
        Assert.That(a.Console, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Rows))]
    public void The_agent_channel_matches_the_machines_bus(Arch a)
    {
        // s390x has no PCI in a plain s390-ccw-virtio guest: devices sit on the channel subsystem.
        var ccw = a.Machine.StartsWith("s390-ccw", StringComparison.Ordinal);
        Assert.That(a.VirtioSerialDevice, Is.EqualTo(ccw ? "virtio-serial-ccw" : "virtio-serial-pci"));
        Assert.That(a.AgentModules, ccw ? Does.Not.Contain("virtio_pci") : Does.Contain("virtio_pci"));
        Assert.That(a.AgentModules[^1], Is.EqualTo("virtio_console"), "the port driver comes last");
    }

    [TestCaseSource(nameof(Rows))]
    public void Flavors_are_Debians_names_for_this_architecture(Arch a)
    {
        // The default flavor first; cloud and rt variants carry the Debian arch as a suffix.
        Assert.That(a.KernelFlavors, Is.Unique);
        foreach (var f in a.KernelFlavors.Where(f => f.StartsWith("cloud-") || f.StartsWith("rt-")))
            Assert.That(f, Does.EndWith("-" + a.DebianArch));
        Assert.That(a.DefaultFlavor, Is.EqualTo(a.KernelFlavors[0]));
    }

    [Test]
    public void Only_the_firmware_less_default_needs_extra_arguments()
    {
        // riscv64's -M virt boots through OpenSBI; every other machine finds its firmware itself.
        Assert.That(Rows.Where(a => a.ExtraQemuArgs.Count > 0).Select(a => a.Name), Is.EqualTo(new[] { "riscv64" }));
        Assert.That(ArchTable.Get("riscv64").ExtraQemuArgs, Is.EqualTo(new[] { "-bios", "default" }));
    }

    [Test]
    public void Former_rows_are_current_rows_with_only_speed_settings_changed()
    {
        Assert.That(ArchTable.Former.Select(a => a.Name), Is.Unique);
        foreach (var former in ArchTable.Former)
        {
            var now = ArchTable.Get(former.Name);
            Assert.That(ArchTable.FormerOf(former.Name), Is.SameAs(former));
            Assert.That(former, Is.Not.EqualTo(now), $"{former}: a former row must differ from the current one");
            Assert.That(former with { Machine = now.Machine, Cpu = now.Cpu, BootsUnpackedElf = now.BootsUnpackedElf }, Is.EqualTo(now),
                $"{former}: only the machine, the CPU model and the kernel file may differ");
        }
        Assert.That(ArchTable.FormerOf("s390x"), Is.Null, "s390x showed no gap and has no former row");
    }

    [Test]
    public void Arm64_keeps_pointer_authentication_with_the_cheap_algorithm()
    {
        // kretprobes must cope with signed return addresses: pauth=off would hide what the probes meet on hardware.
        var cpu = ArchTable.Get("arm64").Cpu.Split(',');
        Assert.That(cpu, Does.Contain("pauth-impdef=on"));
        Assert.That(cpu, Does.Not.Contain("pauth=off"));
        Assert.That(ArchTable.FormerOf("arm64")!.Cpu, Is.EqualTo("max"));
    }

    [Test]
    public void The_speed_settings_are_the_measured_ones()
    {
        Assert.That(ArchTable.Get("ppc64le").Machine, Is.EqualTo("pseries,x-vof=on"));
        Assert.That(ArchTable.Get("riscv64").Cpu, Is.EqualTo("rv64,sstc=off"));
        Assert.That(Rows.Where(a => a.BootsUnpackedElf).Select(a => a.KernelArch).Distinct(), Is.EqualTo(new[] { "x86" }),
            "only x86 packages a compressed bzImage with a PVH entry inside");
        Assert.That(ArchTable.Former.Where(a => a.BootsUnpackedElf), Is.Empty);
    }

    [Test]
    public void Setup_host_installs_QEMU_and_cross_toolchains_for_every_foreign_row()
    {
        var script = File.ReadAllText(Resources.PathOf("scripts", "setup-host"));
        var words = Regex.Matches(script, @"[\w.+-]+").Select(m => m.Value).ToHashSet();
        foreach (var a in Rows)
        {
            Assert.That(words, Does.Contain(a.QemuPackage), $"{a}: {a.QemuPackage}");
            if (a.IsHost) continue;
            Assert.That(words, Does.Contain(a.CrossCompilerPackage), $"{a}: {a.CrossCompilerPackage}");
            Assert.That(words, Does.Contain(a.CrossLibcPackage), $"{a}: {a.CrossLibcPackage}");
        }
    }

    [TestCaseSource(nameof(Rows))]
    public async Task Installed_packages_provide_the_binaries_the_row_names(Arch a)
    {
        var qemu = await Tool.RunAsync("dpkg", ["-L", a.QemuPackage], TimeSpan.FromSeconds(30));
        if (!qemu.Ok) Assert.Ignore($"{a.QemuPackage} is not installed (scripts/setup-host installs it)");
        Assert.That(qemu.Stdout.Split('\n'), Does.Contain($"/usr/bin/{a.QemuBinary}"));
        if (a.IsHost) return;
        var gcc = await Tool.RunAsync("dpkg", ["-L", a.CrossCompilerPackage], TimeSpan.FromSeconds(30));
        if (!gcc.Ok) Assert.Ignore($"{a.CrossCompilerPackage} is not installed");
        Assert.That(gcc.Stdout.Split('\n'), Does.Contain($"/usr/bin/{a.CrossCompilePrefix}gcc"));
    }
}
