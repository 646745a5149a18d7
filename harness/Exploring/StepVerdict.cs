using ProbeHarness.Comparing;
using ProbeHarness.Judging;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Exploring;

/// <summary>What became of one step: the function failed on its Nth call, what user space saw, whether the kernel lived and kept its memory and fds, the verdict and a finding when there is one.</summary>
/// <param name="Verdict">error path ok | absorbed | no more calls | crash | hang | taint | leak | retry failed | disarm hit | refused | infrastructure | unjudged.</param>
/// <param name="More">Whether the exploration goes on to the next call (false once a step injects nothing or the function cannot be probed).</param>
public sealed record StepVerdict(string Syscall, InjectableFunction Function, int Nth, string Errno, long? Injected, bool? Survived,
    IReadOnlyList<string> Leaks, string Verdict, TestState State, Culprit Culprit, string Reason, bool More, Finding? Finding)
{
    /// <summary>What the guest printed (or the crash's excerpt, the machine's detail), kept with the step in the history.</summary>
    public string Raw { get; init; } = "";

    /// <summary>The step's name in the history: syscall/function/nth:N.</summary>
    public string Name => StepName(Syscall, Function.Name, Nth);

    public static string StepName(string syscall, string function, int nth) => $"{syscall}/{function}/nth:{nth}";
}

/// <summary>
/// Judges a step. The armed call must fail with an error (an injected failure it absorbs and still
/// succeeds is noted, not a finding), the kernel must live (no crash report, no hang, no new taint
/// that matters), nothing may leak (fd table; unreclaimable slab beyond the data's threshold), and
/// the same call unarmed must then work. A crash, hang, new taint, leak or failing retry is a
/// finding, the kernel's when the injected value was one the function may return, else the harness's.
/// </summary>
public static class StepJudge
{
    public static StepVerdict Judge(string syscall, InjectableFunction f, int nth, Outcome outcome, int slabLeakKb, string arch, string kernel, string reproducer) =>
        Judged(syscall, f, nth, outcome, slabLeakKb, arch, kernel, reproducer) with { Raw = OutcomeText.Of(outcome) };

    private static StepVerdict Judged(string syscall, InjectableFunction f, int nth, Outcome outcome, int slabLeakKb, string arch, string kernel, string reproducer)
    {
        var blame = f.Legal ? Culprit.Kernel : Culprit.Harness;
        StepVerdict V(string errno, long? injected, bool? survived, IReadOnlyList<string> leaks, string verdict, TestState state, Culprit culprit,
            string reason, bool more, string? findingKind = null, string? title = null) =>
            new(syscall, f, nth, errno, injected, survived, leaks, verdict, state, culprit, reason, more,
                findingKind is null ? null : new Finding(findingKind, Severity.Regression, $"{findingKind}: {syscall}: {f.Name}: {title}", culprit,
                    $"{syscall} with {f.Name} failing ({f.ReturnsText}) on its call {nth}: {title}", reproducer,
                    new FindingPlace("explore", StepVerdict.StepName(syscall, f.Name, nth), arch, "phinject", kernel, kernel, null, verdict)));

        switch (outcome)
        {
            case Outcome.Crashed c:
                // The guest is gone, so whether the call made more calls is unknown: go on to the next.
                return V("-", null, false, [], c.Crash.Kind == Triage.CrashKinds.Warning ? "warn" : "crash", TestState.Fail, blame,
                    c.Crash.Title, true, c.Crash.Kind == Triage.CrashKinds.Warning ? "error-path-warning" : "error-path-crash", c.Crash.Title);
            case Outcome.MachineFailed { Culprit: Culprit.Kernel } m:
                return V("-", null, false, [], "hang", TestState.Fail, blame, $"{m.Title}: {m.Detail}", true, "error-path-hang", m.Title);
            case Outcome.MachineFailed m:
                return V("-", null, null, [], "infrastructure", TestState.Unresolved, m.Culprit, $"{m.Title}: {m.Detail}", true);
            case Outcome.BuildFailed b:
                return V("-", null, null, [], "refused", TestState.Unsupported, Culprit.None, b.Reason, false);
            case Outcome.NotRunnable n:
                return V("-", null, null, [], "refused", TestState.Unsupported, Culprit.None, n.Reason, false);
        }
        var ran = (Outcome.Ran)outcome;
        var r = StepReport.Parse(syscall, ran.Output, ran.Diagnostics);
        var errno = r.Errno ?? "-";
        if (r.Injected is not { } injected || r.Kernel is null)
            return V(errno, r.Injected, null, [], "unjudged", TestState.Unresolved, Culprit.Harness,
                $"the step's output lacks the module's counts or the kernel line (exit {ran.Exit}): {Tail(ran.Diagnostics)}", true);
        var survived = r.Kernel == "survived";
        var leaks = new List<string>();
        if (r.Fds is { } fds && fds != "same") leaks.Add($"fds: {fds}");
        if (r.SlabGrowthKb is { } grew && grew > slabLeakKb) leaks.Add($"slab +{grew} kB");
        if (!survived)
            return V(errno, injected, false, leaks, "taint", TestState.Fail, blame, $"kernel: {r.Kernel}", true, "error-path-taint", $"kernel {r.Kernel}");
        if (leaks.Count > 0)
            return V(errno, injected, true, leaks, "leak", TestState.Fail, blame, string.Join("; ", leaks), true, "error-path-leak", string.Join("; ", leaks));
        if (injected == 0)
            return V(errno, 0, true, leaks, "no more calls", TestState.Pass, Culprit.None,
                $"{f.Name} was called {r.Calls} time(s): there is no call {nth} to fail", false);
        if (r.DisarmFailed)
            return V(errno, injected, true, leaks, "disarm hit", TestState.Untested, Culprit.None,
                $"call {nth} of {f.Name} was in phfault's own disarming write, after the system call: not the call under test", true);
        if (r.Again is { } again && again != "ok")
            return V(errno, injected, true, leaks, "retry failed", TestState.Fail, blame,
                $"the same call without injection then failed: {again}", true, "error-path-retry-failed", $"retry failed with {again}");
        if (r.Errno is null || r.Again is null)
            return V(errno, injected, true, leaks, "unjudged", TestState.Unresolved, Culprit.Harness,
                $"phfault printed no result (exit {ran.Exit}): {Tail(ran.Diagnostics)}", true);
        if (errno == "ok")
            return V(errno, injected, true, leaks, "absorbed", TestState.Pass, Culprit.None,
                $"{f.Name} failed on call {nth} and {syscall} still succeeded: the kernel handled the failure itself", true);
        return V(errno, injected, true, leaks, "error path ok", TestState.Pass, Culprit.None, $"{syscall} failed with {errno}; the retry worked", true);
    }

    private static string Tail(string text)
    {
        var t = text.Trim();
        return t.Length > 300 ? "…" + t[^300..] : t;
    }
}
