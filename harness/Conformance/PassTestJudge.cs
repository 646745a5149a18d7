using ProbeHarness.Verdicts;

namespace ProbeHarness.Conformance;

/// <summary>
/// A pass-directory verdict: "ok" files must be accepted (PASS, else FAIL), "ko" files rejected
/// (XFAIL, else XPASS). A translator crash or hang is a FAIL whatever the directory; a missing
/// prerequisite of an "ok" file is UNSUPPORTED.
/// </summary>
public static class PassTestJudge
{
    public static (TestState State, Culprit Culprit, string? Reason) Decide(PassTest test, StapDiagnosis d) => d.Kind switch
    {
        StapVerdictKind.Crashed or StapVerdictKind.Hung => (TestState.Fail, Culprit.ProbeEngine, d.Reason),
        StapVerdictKind.Accepted when test.MustAccept => (TestState.Pass, Culprit.None, null),
        StapVerdictKind.Accepted => (TestState.XPass, Culprit.ProbeEngine, $"accepted up to pass {test.Pass}, expected a rejection"),
        StapVerdictKind.Unsupported when test.MustAccept => (TestState.Unsupported, Culprit.None, d.Reason),
        _ when test.MustAccept => (TestState.Fail, Culprit.ProbeEngine, $"rejected: {d.Reason}"),
        _ => (TestState.XFail, Culprit.None, $"rejected as expected: {d.Reason}"),
    };
}
