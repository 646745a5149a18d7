using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>What every analyser gets: both sides and the history behind them.</summary>
public sealed record Comparison(Side Base, Side Candidate, History History)
{
    private ILookup<TestKey, TestState>? _states;

    /// <summary>The states of one test key in every run up to the candidate, oldest first (for the flaky rule).</summary>
    public IReadOnlyList<TestState> StatesOf(TestKey key)
    {
        _states ??= History.All().Where(r => r.Run.Started <= Candidate.Newest).ToLookup(r => r.Key, r => r.Result.State);
        return _states[key].ToList();
    }
}
