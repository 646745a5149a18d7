using System.Text.RegularExpressions;
using ProbeHarness.Suites;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Judging;

/// <summary>A judged state with who is at fault and why.</summary>
public sealed record Verdict(TestState State, Culprit Culprit, string? Reason);

/// <summary>
/// Compares what happened with what the suite expected, giving DejaGnu's state and the culprit.
/// Infrastructure and harness failures are never read as a kernel or engine regression: they are
/// UNRESOLVED whatever was expected.
/// </summary>
public static class Judge
{
    public static Verdict Decide(Expectation expect, Outcome outcome)
    {
        switch (outcome)
        {
            case Outcome.NotRunnable n:
                return new(n.Untested ? TestState.Untested : TestState.Unsupported, Culprit.None, n.Reason);
            case Outcome.MachineFailed m when m.Culprit is Culprit.Infrastructure or Culprit.Harness:
                return new(TestState.Unresolved, m.Culprit, $"{m.Title}: {m.Detail}");
        }

        if (expect.FailsAtPass is { } at)
            return RejectedAt(at, expect, outcome);
        var failure = Failure(expect, outcome);
        if (expect.Crash is { } crash)
        {
            return outcome switch
            {
                Outcome.Crashed c when CrashMatches(crash, c.Crash) =>
                    new(TestState.XFail, c.Crash.Culprit, $"{c.Crash.Title} (expected: {crash.Reason ?? "crash"})"),
                Outcome.Crashed c =>
                    new(TestState.Fail, c.Crash.Culprit, $"crashed differently than expected: {c.Crash.Title}"),
                Outcome.Ran => new(TestState.XPass, Culprit.None, "the guest survived a test expected to crash it"),
                _ => new(TestState.Fail, failure!.Culprit, failure.Reason),
            };
        }
        if (expect.XFail is { } why)
            return failure is null
                ? new(TestState.XPass, Culprit.None, $"expected to fail: {why}")
                : new(TestState.XFail, failure.Culprit, $"{why} [{failure.Reason}]");
        if (expect.KFail is { } known)
            return failure is null
                ? new(TestState.KPass, Culprit.None, $"known failure did not happen: {known.Reason}")
                : new(TestState.KFail, failure.Culprit, $"{known.Reason}{(known.Bug is null ? "" : $" ({known.Bug})")} [{failure.Reason}]");
        return failure is null ? new(TestState.Pass, Culprit.None, null) : new(TestState.Fail, failure.Culprit, failure.Reason);
    }

    /// <summary>
    /// A script the engine must reject at a given pass, like SystemTap's *ko directories: the
    /// rejection there is XFAIL, acceptance XPASS, a rejection at another pass FAIL.
    /// </summary>
    private static Verdict RejectedAt(int at, Expectation expect, Outcome outcome) => outcome switch
    {
        Outcome.BuildFailed b when b.Pass == at => new(TestState.XFail, Culprit.None, $"rejected at pass {at} as expected: {b.Reason}"),
        Outcome.BuildFailed b => new(TestState.Fail, Culprit.ProbeEngine,
            $"rejected at {(b.Pass is { } p ? $"pass {p}" : "an unknown pass")}, expected at pass {at}: {b.Reason}"),
        Outcome.Ran r when at == 5 && r.Exit != expect.Exit => new(TestState.XFail, Culprit.None, $"the run failed as expected (exit {r.Exit})"),
        Outcome.Ran => new(TestState.XPass, Culprit.None, $"accepted, but expected to be rejected at pass {at}"),
        _ => Failure(expect, outcome)!,
    };

    /// <summary>Why the outcome is not what the expectation asks of a passing test, or null if it is.</summary>
    public static Verdict? Failure(Expectation expect, Outcome outcome) => outcome switch
    {
        Outcome.Ran r when r.Exit != expect.Exit =>
            new(TestState.Fail, Culprit.ProbeEngine, $"exit status {r.Exit}, expected {expect.Exit}{Gist(r.Diagnostics)}"),
        Outcome.Ran r when !OutputMatches(expect, r.Output) =>
            new(TestState.Fail, Culprit.ProbeEngine, $"output differs: {Diff(expect, r.Output)}"),
        Outcome.Ran r when expect.Oracle?.Violation(r.Output, r.Diagnostics) is { } wrong =>
            new(TestState.Fail, Culprit.ProbeEngine, wrong),
        Outcome.Ran => null,
        Outcome.BuildFailed b =>
            new(TestState.Fail, Culprit.ProbeEngine, $"{(b.Pass is { } p ? $"pass {p} failed" : "build failed")}: {b.Reason}"),
        Outcome.Crashed c => new(TestState.Fail, c.Crash.Culprit, c.Crash.Title),
        Outcome.MachineFailed m => new(TestState.Fail, m.Culprit, $"{m.Title}: {m.Detail}"),
        Outcome.NotRunnable n => new(TestState.Unsupported, Culprit.None, n.Reason),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private static bool CrashMatches(ExpectedCrash want, CrashInfo got)
    {
        var culprit = want.Culprit == "probe-engine" ? Culprit.ProbeEngine : Culprit.Kernel;
        return got.Culprit == culprit
            && (want.TitleMatches is null || Regex.IsMatch(got.Title, want.TitleMatches));
    }

    public static bool OutputMatches(Expectation e, string output)
    {
        var actual = Normalise(output);
        if (e.Output is { } exact) return actual == Normalise(exact);
        if (e.OutputMatches is { } pattern) return Regex.IsMatch(actual, $"^(?:{pattern})$", RegexOptions.Singleline);
        return true;
    }

    /// <summary>Line endings unified and trailing white space of each line and of the whole dropped.</summary>
    public static string Normalise(string s) =>
        string.Join('\n', s.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');

    private static string Diff(Expectation e, string output)
    {
        var got = Normalise(output);
        var want = e.Output is { } exact ? Normalise(exact) : $"/{e.OutputMatches}/";
        return $"got «{Clip(got)}», expected «{Clip(want)}»";
    }

    private static string Gist(string diagnostics)
    {
        var last = diagnostics.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3).ToArray();
        return last.Length == 0 ? "" : $" ({string.Join(" | ", last)})";
    }

    private static string Clip(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
