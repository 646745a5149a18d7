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
    /// <summary>A booting guest silent on its console this long is hung (the no-output watchdog); by default 60 s on a quiet host, stretched by its load.</summary>
    public TimeSpan EffectiveSilenceLimit => SilenceLimit ?? Processes.HostLoad.Stretch(TimeSpan.FromSeconds(60));

    /// <summary>Time allowed from QEMU start to the agent's READY line; by default 180 s on a quiet host, stretched by its load.</summary>
    public TimeSpan EffectiveBootTimeout => BootTimeout ?? Processes.HostLoad.Stretch(TimeSpan.FromSeconds(180));

    /// <summary>The kernel's command line; under emulation with the arch row's emulation arguments (e.g. no_timer_check:
    /// a loaded host makes the emulated timer look broken to the kernel's IO-APIC check, which then panics).</summary>
    public string CommandLine => string.Join(' ', new[] { $"console={Arch.Console}", "panic=-1" }
        .Concat(Accelerator.For(Arch) == "tcg" ? Arch.EmulationKernelArgs ?? [] : [])
        .Concat(KernelArgs).Distinct());
}
