namespace ProbeHarness.Verdicts;

/// <summary>The result states of DejaGnu, in the order its summary block lists them.</summary>
public enum TestState
{
    Pass,
    Fail,
    XPass,
    XFail,
    KPass,
    KFail,
    Unresolved,
    Untested,
    Unsupported,
}

public static class TestStates
{
    /// <summary>The word DejaGnu prints at the start of a result line.</summary>
    public static string DejaGnuWord(this TestState s) => s switch
    {
        TestState.Pass => "PASS",
        TestState.Fail => "FAIL",
        TestState.XPass => "XPASS",
        TestState.XFail => "XFAIL",
        TestState.KPass => "KPASS",
        TestState.KFail => "KFAIL",
        TestState.Unresolved => "UNRESOLVED",
        TestState.Untested => "UNTESTED",
        TestState.Unsupported => "UNSUPPORTED",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>States a gate treats as unexpected: the run did not do what the suite said it would.</summary>
    public static bool IsUnexpected(this TestState s) => s is TestState.Fail or TestState.XPass or TestState.KPass;

    /// <summary>States that mean the test could not be judged at all.</summary>
    public static bool IsUnjudged(this TestState s) => s is TestState.Unresolved;
}
