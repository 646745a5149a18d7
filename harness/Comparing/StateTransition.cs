using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// What a test's move from one state to another means, as a table: leaving an expected state
/// (PASS, XFAIL, KFAIL, UNSUPPORTED) for an unexpected one (FAIL, XPASS, KPASS) is a regression;
/// the way back is a fix; UNRESOLVED on the candidate means that test could not be compared.
/// A KFAIL that becomes a FAIL is its own kind: the known bug's condition no longer covers this
/// kernel (it expired), yet the test still fails.
/// </summary>
public static class StateTransition
{
    /// <returns>The finding's kind and severity, or null when nothing changed.</returns>
    public static (string Kind, Severity Severity)? Classify(TestState? from, TestState? to)
    {
        if (from == to) return null;
        if (to is null) return ("not-run", Severity.Unjudged);
        if (from is null)
            return ("new-test", to.Value.IsUnexpected() ? Severity.Regression : to.Value.IsUnjudged() ? Severity.Unjudged : Severity.Info);
        var (f, t) = (from.Value, to.Value);
        if (t.IsUnjudged()) return ("unjudged", Severity.Unjudged);
        if (t.IsUnexpected())
        {
            if (f.IsUnexpected()) return ("state-change", Severity.Info);
            if (f == TestState.KFail && t == TestState.Fail) return ("kfail-expired", Severity.Regression);
            return (t == TestState.Fail ? "new-failure" : "state-change", Severity.Regression);
        }
        if (f.IsUnexpected()) return ("fixed", Severity.Improvement);
        if (f.IsUnjudged()) return ("judged-again", Severity.Info);
        if (t == TestState.Pass && f is TestState.KFail or TestState.XFail) return ("fixed", Severity.Improvement);
        return ("state-change", Severity.Info);
    }
}
