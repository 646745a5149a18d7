using ProbeHarness.Architectures;
using ProbeHarness.Guest;
using ProbeHarness.Suites;

namespace ProbeHarness.Engines;

/// <summary>The kernel a probe is built for and run on.</summary>
/// <param name="BuildDir">A headers tree for building modules (null when there is none).</param>
/// <param name="SystemMap">A real System.map of this kernel (null when none could be made).</param>
public sealed record ProbeTarget(Arch Arch, string KernelRelease, string? BuildDir, string? SystemMap);

/// <summary>A file the engine needs in the guest.</summary>
public sealed record GuestFile(string GuestPath, string HostPath);

/// <summary>
/// A probe made ready on the host: either it failed (at which pass, why) or it has files for the
/// guest and a script that runs it there.
/// </summary>
public sealed record PreparedProbe(
    bool Ok,
    int? FailedPass,
    string? Reason,
    string Log,
    IReadOnlyList<GuestFile> Files,
    string GuestScript,
    TimeSpan BuildTime)
{
    /// <summary>Kernel functions the probes sit on: a crash in one of them is blamed on the probe.</summary>
    public IReadOnlyCollection<string> ProbedFunctions { get; init; } = [];

    /// <summary>The test stops before the run (its last pass is on the host): nothing goes to a guest.</summary>
    public bool HostOnly { get; init; }

    public static PreparedProbe HostDone(string log, TimeSpan took) => new(true, null, null, log, [], "", took) { HostOnly = true };

    /// <summary>Why this cell cannot have the probe at all (a kernel without headers): UNSUPPORTED, not the engine's failure.</summary>
    public string? Unsupported { get; init; }

    public static PreparedProbe NotSupported(string reason, TimeSpan took) => new(false, null, reason, "", [], "", took) { Unsupported = reason };

    public static PreparedProbe Failed(int? pass, string reason, string log, TimeSpan took) =>
        new(false, pass, reason, log, [], "", took);
}

/// <summary>What the probes printed in the guest, separated from the engine's own diagnostics.</summary>
public sealed record ProbeOutput(int Exit, string Output, string Diagnostics)
{
    /// <summary>
    /// The kernel refused the probes themselves (no workload ran): a pass-5 rejection, never a
    /// run that "survived" — so a test expecting a crash cannot XPASS on it.
    /// </summary>
    public string? Refused { get; init; }
}

/// <summary>
/// A probe engine: turns a suite's probe script into something the guest can run, and reads back
/// what it produced. SystemTap and kprobe_events are siblings behind this.
/// </summary>
public interface IProbeEngine
{
    /// <summary>The engine's name in suites and on the command line.</summary>
    string Name { get; }

    /// <summary>The engine's version, for results and cache keys ("kernel" for in-kernel engines).</summary>
    string Version { get; }

    /// <summary>Debian packages whose programs and libraries the guest needs for this engine.</summary>
    IReadOnlyList<string> GuestPackages { get; }

    /// <summary>Host-side work (translating, compiling). Must not touch the guest.</summary>
    Task<PreparedProbe> PrepareAsync(SuiteTest test, ProbeTarget target, string workDir, CancellationToken ct);

    /// <summary>Reads the guest step's result back as probe output.</summary>
    ProbeOutput Interpret(StepResult step);
}
