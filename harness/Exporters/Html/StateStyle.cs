using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters.Html;

/// <summary>How a state looks in the grid, and which of several states a summary cell shows.</summary>
public static class StateStyle
{
    public static string Css(TestState s) => "st-" + s.DejaGnuWord().ToLowerInvariant();

    /// <summary>Higher is worse: unexpected results, then unjudged, then known failures, then not run, then pass.</summary>
    public static int Badness(TestState s) => s switch
    {
        TestState.Fail or TestState.XPass or TestState.KPass => 5,
        TestState.Unresolved => 4,
        TestState.KFail or TestState.XFail => 3,
        TestState.Untested or TestState.Unsupported => 2,
        _ => 1,
    };

    public static TestState Worst(IEnumerable<TestState> states) => states.MaxBy(Badness);
}
