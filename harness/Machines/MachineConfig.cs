using ProbeHarness.Architectures;

namespace ProbeHarness.Machines;

/// <summary>What a guest is booted from and with. Immutable; one per boot.</summary>
/// <param name="QemuArgs">More QEMU arguments for this boot (e.g. -icount for deterministic guest time in a benchmark).</param>
public sealed record MachineConfig(
    Arch Arch,
    string KernelPath,
    string InitrdPath,
    string WorkDirectory,
    IReadOnlyList<string> KernelArgs,
    int MemoryMb = 768,
    int Cpus = 1,
    TimeSpan? BootTimeout = null,
    TimeSpan? SilenceLimit = null,
    IReadOnlyList<string>? QemuArgs = null)
{
    /// <summary>A booting guest silent on its console this long is hung (the no-output watchdog).</summary>
    public TimeSpan EffectiveSilenceLimit => SilenceLimit ?? TimeSpan.FromSeconds(60);

    /// <summary>Time allowed from QEMU start to the agent's READY line.</summary>
    public TimeSpan EffectiveBootTimeout => BootTimeout ?? TimeSpan.FromSeconds(180);

    public string CommandLine => string.Join(' ', new[] { $"console={Arch.Console}", "panic=-1" }.Concat(KernelArgs));
}
