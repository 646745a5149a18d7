using ProbeHarness.Verdicts;

namespace ProbeHarness.Benchmarks;

/// <summary>How a fault gets into a trial.</summary>
public enum Injection
{
    /// <summary>The bench sends QEMU SIGKILL while the test's workload runs.</summary>
    KillQemu,
    /// <summary>The bench sends QEMU SIGSTOP: the guest freezes silently and only the host's watchdog can notice.</summary>
    StopQemu,
    /// <summary>The test's own workload makes the fault inside the guest (suites/harness-faults).</summary>
    InGuest,
    /// <summary>The bench runs the harness as a child process and sends it SIGKILL while the test runs.</summary>
    KillHarness,
}

/// <summary>
/// One fault of <c>bench faults</c>: the test of suites/harness-faults it hits, how it is injected,
/// and the state and culprit the harness must give that test, with why. <see cref="State"/> null:
/// the test must have no result at all (the harness died before judging it) and the run must read
/// as unfinished.
/// </summary>
public sealed record HarnessFault(string Name, string Test, Injection Injection, TestState? State, Culprit Culprit, string Why)
{
    /// <summary>Seconds after the test's guest is up that the bench injects (host-side injections).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>The guest's memory for this fault's trials, when not the run's default.</summary>
    public int? MemoryMb { get; init; }

    public bool VerdictRight(TestResult? got) => got?.State == State;

    public bool CulpritRight(TestResult? got) => State is null ? got is null : got?.Culprit == Culprit;
}

/// <summary>The faults, as data.</summary>
public static class HarnessFaults
{
    public static readonly IReadOnlyList<HarnessFault> All =
    [
        new("qemu-killed", "victim-sleeps", Injection.KillQemu, TestState.Unresolved, Culprit.Infrastructure,
            "QEMU died under the test: the machine failed, not the kernel nor the probes, so the test cannot be judged"),
        new("guest-hang", "victim-sleeps", Injection.StopQemu, TestState.Unresolved, Culprit.Infrastructure,
            "QEMU stopped on the host: console and agent fall silent, the host watchdog must fire; a stopped QEMU froze its guest, " +
            "the guest did not hang on its own (a guest hung while QEMU runs stays FAIL, culprit kernel)"),
        new("agent-killed", "agent-killed", Injection.InGuest, TestState.Pass, Culprit.None,
            "the agent is the guest's PID 1, to which the kernel does not deliver SIGKILL from inside the guest: the test runs on and passes"),
        new("guest-oom", "guest-oom", Injection.InGuest, TestState.Pass, Culprit.None,
            "the OOM killer takes the memory hog and the kernel goes on: that is the kernel doing its job, not a crash, " +
            "and the counted workload after it is right") { MemoryMb = 320 },
        new("tmpfs-full", "tmpfs-full", Injection.InGuest, TestState.Pass, Culprit.None,
            "a test filling the guest's /tmp must not take the agent's own files with it: the probes' output still reaches the host"),
        new("harness-killed", "victim-sleeps", Injection.KillHarness, null, Culprit.None,
            "the harness died before judging the test: no result for it, the run unfinished in the history, `report` gating it " +
            "as unjudged (exit 2), every earlier result kept, and a re-run passes"),
    ];

    public static HarnessFault Get(string name) => All.FirstOrDefault(f => f.Name == name)
        ?? throw new Inputs.InputException($"--only {name}: no such fault; faults: {string.Join(", ", All.Select(f => f.Name))}");
}

/// <summary>What one trial of a fault gave: the test's result (null: none), processes of the run left alive, earlier results missing.</summary>
/// <paramref name="Wrong"/>: what else went wrong (the fault was never injected, a `report` or re-run that disagreed): the verdict counts as wrong.
public sealed record FaultTrial(HarnessFault Fault, TestResult? Got, int Leaked, int Lost, string Note = "", string? Wrong = null)
{
    public bool VerdictRight => Wrong is null && Fault.VerdictRight(Got);
    public bool CulpritRight => Fault.CulpritRight(Got);
}

/// <summary>A fault's row of the table.</summary>
public sealed record FaultRow(string Fault, int Tried, int VerdictRight, int CulpritRight, int Leaked, int Lost)
{
    public bool Clean => VerdictRight == Tried && CulpritRight == Tried && Leaked == 0 && Lost == 0;

    public static IReadOnlyList<FaultRow> Of(IEnumerable<FaultTrial> trials) =>
        trials.GroupBy(t => t.Fault.Name)
            .Select(g => new FaultRow(g.Key, g.Count(), g.Count(t => t.VerdictRight), g.Count(t => t.CulpritRight), g.Sum(t => t.Leaked), g.Sum(t => t.Lost)))
            .ToList();
}
