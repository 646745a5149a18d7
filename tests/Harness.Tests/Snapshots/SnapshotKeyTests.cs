using FsCheck;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Machines;
using ProbeHarness.Snapshots;

namespace ProbeHarness.Tests.Snapshots;

/// <summary>
/// A cached snapshot may only be restored by a run that would have booted the same guest: the key
/// follows everything that reaches QEMU and the guest, and ignores where this run keeps its files.
/// </summary>
public class SnapshotKeyTests
{
    /// <summary>File contents by path: the key reads content through this, never the path.</summary>
    private sealed class Files
    {
        private readonly Dictionary<string, string> _content = new();
        public string Put(string path, string content) { _content[path] = content; return path; }
        public string Hash(string path) => "sha:" + _content[path];
    }

    private static (MachineConfig Config, Files Files) Base()
    {
        var files = new Files();
        var config = new MachineConfig(ArchTable.Get("x86_64"), files.Put("/run-a/vmlinuz", "kernel-1"),
            files.Put("/run-a/initrd.gz", "initrd-1"), "/run-a/guest-1", ["quiet"], 768, 1);
        return (config, files);
    }

    private static string Key(MachineConfig c, Files f, string accel = "tcg", string qemu = "/usr/bin/qemu-system-x86_64 abc") =>
        SnapshotKey.Of(c, accel, qemu, f.Hash);

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public bool Per_run_paths_and_host_side_timeouts_leave_the_key_alone(NonEmptyString dir, PositiveInt seconds)
    {
        var (c, f) = Base();
        var elsewhere = "/" + dir.Get.Replace("\0", "");
        var moved = c with
        {
            WorkDirectory = elsewhere + "/guest-7",
            KernelPath = f.Put(elsewhere + "/k/vmlinuz", "kernel-1"),
            InitrdPath = f.Put(elsewhere + "/i/initrd.gz", "initrd-1"),
            BootTimeout = TimeSpan.FromSeconds(seconds.Get),
            SilenceLimit = TimeSpan.FromSeconds(seconds.Get + 1),
        };
        return Key(c, f) == Key(moved, f);
    }

    /// <summary>One change to something that determines the saved guest, described for the failure message.</summary>
    private static Gen<(string What, Func<MachineConfig, Files, string> KeyAfter)> Changes(string v, int n) =>
        Gen.Elements<(string, Func<MachineConfig, Files, string>)>(
            ("kernel content", (c, f) => Key(c with { KernelPath = f.Put("/run-b/vmlinuz", "kernel-" + v) }, f)),
            ("initramfs content", (c, f) => Key(c with { InitrdPath = f.Put("/run-b/initrd.gz", "initrd-" + v) }, f)),
            ("no initramfs", (c, f) => Key(c with { InitrdPath = "" }, f)),
            ("kernel command line", (c, f) => Key(c with { KernelArgs = [.. c.KernelArgs, v] }, f)),
            ("memory", (c, f) => Key(c with { MemoryMb = c.MemoryMb + 1 + n }, f)),
            ("CPUs", (c, f) => Key(c with { Cpus = c.Cpus + 1 + n }, f)),
            ("architecture row", (c, f) => Key(c with { Arch = ArchTable.All[1 + n % (ArchTable.All.Count - 1)] }, f)),
            ("machine type", (c, f) => Key(c with { Arch = c.Arch with { Machine = c.Arch.Machine + v } }, f)),
            ("CPU model", (c, f) => Key(c with { Arch = c.Arch with { Cpu = c.Arch.Cpu + v } }, f)),
            ("agent device", (c, f) => Key(c with { Arch = c.Arch with { VirtioSerialDevice = c.Arch.VirtioSerialDevice + v } }, f)),
            ("extra QEMU arguments", (c, f) => Key(c with { Arch = c.Arch with { ExtraQemuArgs = ["-bios", v] } }, f)),
            ("console device", (c, f) => Key(c with { Arch = c.Arch with { Console = c.Arch.Console + v } }, f)),
            ("QEMU binary", (c, f) => Key(c, f, qemu: "/usr/bin/qemu-system-x86_64 " + v)),
            ("accelerator", (c, f) => Key(c, f, accel: "kvm")));

    [Test]
    public void Anything_that_determines_the_saved_guest_changes_the_key()
    {
        var gen = from v in ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => "x" + s.Get)
                  from n in Gen.Choose(0, 1000)
                  from change in Changes(v, n)
                  select change;
        Prop.ForAll(gen.ToArbitrary(), change =>
        {
            var (c, f) = Base();
            return (Key(c, f) != change.KeyAfter(c, f)).Label(change.What);
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void The_inputs_name_the_QEMU_the_contents_and_the_command_line_without_run_paths()
    {
        var (c, f) = Base();
        var inputs = SnapshotKey.Inputs(c, "tcg", "/usr/bin/qemu-system-x86_64 abc", f.Hash);
        Assert.That(inputs, Has.Member("kernel=sha:kernel-1").And.Member("initrd=sha:initrd-1")
            .And.Member("qemu=/usr/bin/qemu-system-x86_64 abc").And.Member("console=ttyS0 panic=-1 no_timer_check quiet").And.Member("768"));
        Assert.That(inputs.Where(i => i.Contains("/run-a")), Is.Empty, "no per-run path");
    }

    [Test]
    public void QEMU_is_identified_by_its_resolved_path_and_content()
    {
        var id = QemuIdentity.Of("sh");
        Assert.That(id, Does.Match("^/.+/sh [0-9a-f]{64}$"));
        Assert.That(QemuIdentity.Of("no-such-qemu-binary"), Is.EqualTo("missing no-such-qemu-binary"));
    }

    [Test]
    public void A_former_rows_CPU_or_machine_never_restores_a_guest_saved_with_the_current_row()
    {
        var (c, f) = Base();
        var changed = ArchTable.Former.Where(a => a.Cpu != ArchTable.Get(a.Name).Cpu || a.Machine != ArchTable.Get(a.Name).Machine).ToList();
        Assert.That(changed.Select(a => a.Name), Is.EquivalentTo(new[] { "arm64", "ppc64le", "riscv64" }));
        foreach (var former in changed)
            Assert.That(Key(c with { Arch = former }, f), Is.Not.EqualTo(Key(c with { Arch = ArchTable.Get(former.Name) }, f)), former.Name);
    }
}
