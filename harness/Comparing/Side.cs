namespace ProbeHarness.Comparing;

/// <summary>
/// One side of a comparison: what was asked for (a run id, last-good, a kernel span), the runs it
/// came to, and their results, the newest result per test key when several runs hold one.
/// </summary>
public sealed record Side(string Label, IReadOnlyList<Verdicts.RunInfo> Runs, IReadOnlyList<RunResult> Results)
{
    public DateTimeOffset Newest => Runs.Count == 0 ? DateTimeOffset.MinValue : Runs.Max(r => r.Started);

    public IReadOnlyDictionary<TestKey, RunResult> ByKey =>
        _byKey ??= Results.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Last());

    private IReadOnlyDictionary<TestKey, RunResult>? _byKey;

    public static Side Of(string label, IReadOnlyList<Verdicts.RunInfo> runs, History history)
    {
        var ordered = runs.OrderBy(r => r.Started).ThenBy(r => r.Id).ToList();
        return new Side(label, ordered, ordered.SelectMany(run => history.ResultsOf(run.Id).Select(r => new RunResult(run, r))).ToList());
    }
}
