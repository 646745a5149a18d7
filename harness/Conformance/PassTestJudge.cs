using ProbeHarness.Engines.SystemTap;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Conformance;

/// <summary>
/// A pass-directory verdict as SystemTap's own drivers give it (systemtap.pass1-4/&lt;dir&gt;.exp with
/// stap_run_batch): in parseok, semok, transok and buildok exit 0 is PASS and anything else FAIL; in
/// parseko, semko, transko and buildko a crash is FAIL, else the test is an expected failure: a
/// non-zero exit is XFAIL (whatever stap printed: "internal error" in a semantic error is still a
/// clean rejection) and exit 0 XPASS. A crash is what stap_run_batch sees as one: stap killed by a
/// signal (a failed assertion aborts); the harness adds its own limit, a hang past the timeout.
/// Where the harness knows more than the driver it says so: a refused pass 5 is UNTESTED (the
/// host never loads modules), and an "ok" test stopped by a prerequisite this kernel lacks
/// (debuginfo, a tracepoint) is UNSUPPORTED, as upstream's drivers mark such files untested.
/// </summary>
public static class PassTestJudge
{
    public static (TestState State, Culprit Culprit, string? Reason) Decide(PassTest test, int exitCode, string stderr, bool timedOut, TimeSpan timeout)
    {
        if (timedOut) return (TestState.Fail, Culprit.ProbeEngine, $"did not finish within {timeout.TotalSeconds:0} s");
        if (Signal(exitCode) is { } signal) return (TestState.Fail, Culprit.ProbeEngine, $"translator crashed: killed by {signal}: {Gist(stderr)}");
        if (exitCode == RefusedPassFive && stderr.Contains(RefusalText, StringComparison.Ordinal))
            return (TestState.Untested, Culprit.None, "needs a guest: pass 5 (loading the module) never runs on the host");
        if (exitCode == 0)
            return test.MustAccept ? (TestState.Pass, Culprit.None, null)
                : (TestState.XPass, Culprit.ProbeEngine, $"accepted up to pass {test.Pass}, expected a rejection");
        var said = Rejection(exitCode, stderr);
        if (!test.MustAccept) return (TestState.XFail, Culprit.None, $"rejected as expected: {said}");
        var d = StapDiagnoses.Of(exitCode, stderr, timedOut, timeout);
        return d.Kind == StapVerdictKind.Unsupported ? (TestState.Unsupported, Culprit.None, d.Reason)
            : (TestState.Fail, Culprit.ProbeEngine, $"rejected: {said}");
    }

    /// <summary>The shim's refusal of pass 5 (see <see cref="StapShim"/>).</summary>
    public const int RefusedPassFive = 125;

    private const string RefusalText = "pass 5 (loading the module) never runs on the host";

    /// <summary>
    /// The signal a process died of, from the exit status .NET reports for it (128 + N). For a
    /// `#! stap` test that is stap itself (stap exits 0 or 1); for a shell test it is the shell's
    /// report that its last command died of the signal, which counts as that command's crash.
    /// </summary>
    public static string? Signal(int exitCode) => exitCode is > 128 and < 160
        ? $"{(SignalNames.TryGetValue(exitCode - 128, out var name) ? name : "signal")} ({exitCode - 128}, exit {exitCode})"
        : null;

    private static readonly IReadOnlyDictionary<int, string> SignalNames = new Dictionary<int, string>
    {
        [1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL", [5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS",
        [8] = "SIGFPE", [9] = "SIGKILL", [11] = "SIGSEGV", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM",
    };

    private static string Rejection(int exitCode, string stderr)
    {
        var pass = StapOutput.FailedPass(stderr);
        var reason = StapOutput.Reason(stderr);
        // Under -W stap fails on its warnings and prints no error line: the first warning is the reason.
        if (!reason.Contains("error: ", StringComparison.Ordinal)
            && stderr.Split('\n').FirstOrDefault(l => l.StartsWith("WARNING: ", StringComparison.Ordinal)) is { } warning)
            reason = $"{warning.Trim()}\n{reason}";
        return $"{(pass is { } p and > 0 ? $"pass {p}: " : "")}{reason.Replace('\n', ' ')} (exit {exitCode})";
    }

    private static string Gist(string stderr) => string.Join(" | ",
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(2));
}
