using NUnit.Framework;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Engines;
using ProbeHarness.Engines.KprobeEvents;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Running;

namespace ProbeHarness.Tests.RealBoot;

/// <summary>
/// A second architecture for real: bookworm's newest arm64 kernel under qemu-system-aarch64 (TCG,
/// ~16-23 s to the agent), the cross-compiled workload, and the smoke suite's kprobe_events
/// getpid pair counted exactly. One boot.
/// </summary>
[Category("RealBoot")]
[NonParallelizable]
public class Arm64BootTests
{
    [Test]
    public async Task An_arm64_guest_counts_every_getpid_entry_and_return_exactly()
    {
        var arch = ArchTable.Get("arm64");
        var cache = HarnessCache.Default();
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse("bookworm"), arch);
        var initrd = await new GuestImages(cache, kernel).InitrdAsync([], null, CancellationToken.None);
        var work = Path.Combine(Path.GetTempPath(), $"ph-arm64-{Guid.NewGuid():N}");
        await using var m = await QemuMachine.BootAsync(new MachineConfig(arch, kernel.KernelPath, initrd, work, []), null, CancellationToken.None);
        TestContext.Out.WriteLine($"QEMU start to agent ready: {m.BootTime.TotalSeconds:0.0} s ({kernel.Release})");
        Assert.That((m.Agent.GuestRelease, m.Agent.GuestMachine), Is.EqualTo((kernel.Release, "aarch64")));

        var script = ScriptTemplate.Render(File.ReadAllText(Resources.PathOf("suites", "smoke/getpid_pair.kprobe")), arch);
        Assert.That(script, Does.Contain("__arm64_sys_getpid"));
        var guest = KprobeEventsEngine.GuestScript(KprobeDefinition.Parse(script, "getpid_pair.kprobe"), "phload getpid 1000");
        var r = await m.Agent.RunAsync(guest, TimeSpan.FromSeconds(120), CancellationToken.None);
        Assert.That((r.ExitStatus, r.StdoutText), Is.EqualTo((0, "getpid_entry 1000\ngetpid_return 1000\n")), r.StderrText);
        await m.ShutdownAsync(TimeSpan.FromSeconds(20));
    }
}
