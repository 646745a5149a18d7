using ProbeHarness.Verdicts;

namespace ProbeHarness.Judging;

/// <summary>What actually happened to a test, before it is compared with what was expected.</summary>
public abstract record Outcome
{
    /// <summary>The probes ran to the end; their output and exit status.</summary>
    public sealed record Ran(int Exit, string Output, string Diagnostics) : Outcome;

    /// <summary>The engine refused or failed to build the probe (at a pass, when it says which).</summary>
    public sealed record BuildFailed(int? Pass, string Reason, string Log) : Outcome;

    /// <summary>The guest kernel crashed, hung or complained while the test ran.</summary>
    public sealed record Crashed(CrashInfo Crash, string Diagnostics) : Outcome;

    /// <summary>The machine failed around the test: boot, QEMU, the agent, a timeout.</summary>
    public sealed record MachineFailed(Culprit Culprit, string Title, string Detail) : Outcome;

    /// <summary>A prerequisite is missing (no headers for the engine, an arch the test excludes).</summary>
    public sealed record NotRunnable(string Reason, bool Untested = false) : Outcome;
}
