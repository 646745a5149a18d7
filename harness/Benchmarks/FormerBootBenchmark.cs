using ProbeHarness.Architectures;
using ProbeHarness.Caching;
using ProbeHarness.Guest;
using ProbeHarness.Kernels;
using ProbeHarness.Machines;
using ProbeHarness.Statistics;

namespace ProbeHarness.Benchmarks;

/// <summary>
/// Time from QEMU start to the guest agent's READY with an architecture's current row against its
/// former row (<see cref="ArchTable.Former"/>): same kernel package, same initramfs, boots
/// alternating so both see the same machine load. The ratio of medians is the speed-up.
/// </summary>
public static class FormerBootBenchmark
{
    public sealed record Figures(string Arch, string Kernel, string FormerSetting, string NowSetting,
        IReadOnlyList<double> Former, IReadOnlyList<double> Now)
    {
        public double Ratio => Stats.Median(Former) / Stats.Median(Now);
    }

    public static async Task<Figures> RunAsync(HarnessCache cache, Arch now, KernelSpec spec, int runs,
        Action<string> report, CancellationToken ct)
    {
        var former = ArchTable.FormerOf(now.Name)
            ?? throw new ArgumentException($"{now.Name} has no former row in the arch table: nothing to measure against");
        var provider = new KernelProvider(cache);
        var kernelNow = await provider.GetAsync(spec, now, null, ct);
        var kernelFormer = await provider.GetAsync(spec, former, null, ct);
        var initrd = await new GuestImages(cache, kernelNow).InitrdAsync([], null, ct);
        var work = Directory.CreateTempSubdirectory("ph-bench-former-").FullName;
        var before = new List<double>();
        var after = new List<double>();
        try
        {
            for (var i = 0; i < runs; i++)
            {
                before.Add(await BootSecondsAsync(new MachineConfig(former, kernelFormer.KernelPath, initrd, Path.Combine(work, $"former-{i}"), []), ct));
                after.Add(await BootSecondsAsync(new MachineConfig(now, kernelNow.KernelPath, initrd, Path.Combine(work, $"now-{i}"), []), ct));
                report($"{now.Name} run {i + 1}/{runs}: former {before[^1]:0.00} s, now {after[^1]:0.00} s to the agent");
            }
        }
        finally
        {
            Directory.Delete(work, true);
        }
        return new Figures(now.Name, kernelNow.Release, Setting(former, kernelFormer), Setting(now, kernelNow), before, after);
    }

    /// <summary>What differs between the rows, in a line: machine, CPU and the file booted.</summary>
    public static string Setting(Arch a, KernelImage k) => $"-M {a.Machine} -cpu {a.Cpu} -kernel {Path.GetFileName(k.KernelPath)}";

    private static async Task<double> BootSecondsAsync(MachineConfig config, CancellationToken ct)
    {
        await using var m = await QemuMachine.BootAsync(config, null, ct);
        var seconds = m.BootTime.TotalSeconds;
        await m.ShutdownAsync(TimeSpan.FromSeconds(10));
        return seconds;
    }
}
