using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters;

/// <summary>How many results landed in each state, in DejaGnu's summary order.</summary>
public static class StateCounts
{
    /// <summary>The order framework.exp prints its summary in (not the enum's order: UNRESOLVED before UNTESTED).</summary>
    public static readonly IReadOnlyList<TestState> SummaryOrder =
    [
        TestState.Pass, TestState.Fail, TestState.XPass, TestState.XFail, TestState.KPass,
        TestState.KFail, TestState.Unresolved, TestState.Untested, TestState.Unsupported,
    ];

    /// <summary>Only the states that occurred, as DejaGnu omits zero lines.</summary>
    public static IReadOnlyList<(TestState State, int Count)> Of(IEnumerable<TestResult> results)
    {
        var counts = results.GroupBy(r => r.State).ToDictionary(g => g.Key, g => g.Count());
        return SummaryOrder.Where(counts.ContainsKey).Select(s => (s, counts[s])).ToList();
    }
}
