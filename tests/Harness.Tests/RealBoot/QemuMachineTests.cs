using System.Diagnostics;
using NUnit.Framework;
using ProbeHarness.Machines;
using ProbeHarness.Processes;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.RealBoot;

[Category("RealBoot")]
[NonParallelizable]
public class QemuMachineTests
{
    private static MachineConfig Config(string kernel, string initrd, TimeSpan? boot = null) =>
        new(Architectures.ArchTable.Get("x86_64"), kernel, initrd,
            Path.Combine(Path.GetTempPath(), $"ph-vm-{Guid.NewGuid():N}"), [], 512, 1, boot);

    [Test]
    public async Task A_booted_guest_runs_steps_and_takes_files()
    {
        var (kernel, initrd) = await RealGuest.GetAsync();
        await using var m = await QemuMachine.BootAsync(Config(kernel.KernelPath, initrd), null, CancellationToken.None);
        Assert.That(m.Agent.GuestRelease, Is.EqualTo(kernel.Release));
        TestContext.Out.WriteLine($"QEMU start to agent ready: {m.BootTime.TotalSeconds:0.00} s");

        var r = await m.Agent.RunAsync("phload getpid 10; echo oops >&2; exit 7", TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.That((r.ExitStatus, r.StdoutText, r.StderrText), Is.EqualTo((7, "phload: 10 getpid calls\n", "oops\n")));

        var blob = new byte[300_000];
        new Random(1).NextBytes(blob);
        await m.Agent.PutAsync("/tmp/blob", blob, CancellationToken.None);
        var sum = await m.Agent.RunAsync("md5sum /tmp/blob | cut -d' ' -f1", TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.That(sum.StdoutText.Trim(), Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(blob))));

        Assert.That(File.ReadAllText(m.Console.LogPath), Does.Contain("Linux version " + kernel.Release));
        await m.ShutdownAsync(TimeSpan.FromSeconds(20));
        Assert.That(m.HasExited, "the guest powered off");
    }

    [Test]
    public async Task Disposing_a_machine_never_leaves_QEMU_running()
    {
        var (kernel, initrd) = await RealGuest.GetAsync();
        int pid;
        await using (var m = await QemuMachine.BootAsync(Config(kernel.KernelPath, initrd), null, CancellationToken.None))
        {
            // This process's own QEMU: others may be running on the machine.
            var r = await Tool.RunAsync("pgrep", ["-P", Environment.ProcessId.ToString(), "-f", "qemu-system"], TimeSpan.FromSeconds(5));
            Assert.That(r.Ok, "a QEMU child is running while the machine lives");
            pid = int.Parse(r.Stdout.Split('\n')[0]);
        }
        var status = $"/proc/{pid}/status";
        bool Alive() => File.Exists(status) && !File.ReadAllText(status).Contains("zombie");
        // Polled, not slept: the kernel reaps a killed process soon, later on a loaded machine.
        for (var i = 0; i < 1200 && Alive(); i++) await Task.Delay(100);
        Assert.That(Alive(), Is.False, $"QEMU {pid} still runs");
        Assert.That(ChildProcesses.LiveCount, Is.Zero);
    }

    [Test]
    public async Task A_guest_too_slow_to_boot_is_the_kernels_failure_and_is_killed()
    {
        var (kernel, initrd) = await RealGuest.GetAsync();
        var e = Assert.ThrowsAsync<MachineFailure>(() => QemuMachine.BootAsync(Config(kernel.KernelPath, initrd, TimeSpan.FromSeconds(1)), null, CancellationToken.None))!;
        Assert.That((e.Culprit, e.Title), Is.EqualTo((Culprit.Kernel, "boot never reached the guest agent")));
        Assert.That(ChildProcesses.LiveCount, Is.Zero);
        await Task.CompletedTask;
    }

    [Test]
    public async Task QEMU_refusing_its_input_is_an_infrastructure_failure()
    {
        var (_, initrd) = await RealGuest.GetAsync();
        var e = Assert.ThrowsAsync<MachineFailure>(() => QemuMachine.BootAsync(Config("/nonexistent/vmlinuz", initrd), null, CancellationToken.None))!;
        Assert.That((e.Culprit, e.Title), Is.EqualTo((Culprit.Infrastructure, "QEMU exited unexpectedly")));
        Assert.That(e.Detail, Does.Contain("/nonexistent/vmlinuz"));
    }
}
