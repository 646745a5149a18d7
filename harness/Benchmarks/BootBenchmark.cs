using System.Diagnostics;
using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Processes;
using ProbeHarness.Statistics;

namespace ProbeHarness.Benchmarks;

/// <summary>
/// Time from QEMU start to the guest agent's READY, against the same kernel and initramfs started
/// by a plain QEMU command whose init powers off at once. Runs alternate, so both see the same
/// machine load; the ratio of medians is the figure to read.
/// </summary>
public static class BootBenchmark
{
    public sealed record Figures(IReadOnlyList<double> AgentReady, IReadOnlyList<double> PlainPowerOff)
    {
        public double Ratio => Stats.Median(AgentReady) / Stats.Median(PlainPowerOff);
    }

    public static async Task<Figures> RunAsync(HarnessCache cache, string archName, string kernelSpec, int runs,
        Action<string> report, CancellationToken ct)
    {
        var arch = ArchTable.Get(archName);
        var kernel = await new KernelProvider(cache).GetAsync(KernelSpec.Parse(kernelSpec), arch, null, ct);
        var initrd = await new GuestImages(cache, kernel).InitrdAsync([], null, ct);
        // A fresh private folder (mode 0700, unpredictable name): the harness runs as root, /tmp is everyone's.
        var work = Directory.CreateTempSubdirectory("ph-bench-").FullName;
        var agent = new List<double>();
        var plain = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var config = new MachineConfig(arch, kernel.KernelPath, initrd, Path.Combine(work, $"boot-{i}"), []);
            await using (var m = await QemuMachine.BootAsync(config, null, ct))
            {
                agent.Add(m.BootTime.TotalSeconds);
                await m.ShutdownAsync(TimeSpan.FromSeconds(10));
            }
            plain.Add(await PlainBootAsync(config with { KernelArgs = ["ph.poweroff"] }, ct));
            report($"run {i + 1}/{runs}: agent ready {agent[^1]:0.00} s, plain boot to power-off {plain[^1]:0.00} s");
        }
        Directory.Delete(work, true);
        return new Figures(agent, plain);
    }

    /// <summary>Wall time of a bare `qemu-system-* -kernel -initrd` run until QEMU exits.</summary>
    private static async Task<double> PlainBootAsync(MachineConfig c, CancellationToken ct)
    {
        string[] args =
        [
            "-M", c.Arch.Machine, "-cpu", c.Arch.Cpu, "-accel", Accelerator.For(c.Arch), "-m", c.MemoryMb.ToString(),
            "-nodefaults", "-display", "none", "-no-reboot", "-serial", "null",
            "-kernel", c.KernelPath, "-initrd", c.InitrdPath, "-append", c.CommandLine,
        ];
        var sw = Stopwatch.StartNew();
        var r = await Tool.RunAsync(c.Arch.QemuBinary, args, TimeSpan.FromMinutes(3), ct);
        if (!r.Ok) throw new InvalidOperationException($"plain boot failed: {r.Gist()}");
        return sw.Elapsed.TotalSeconds;
    }
}
