using ProbeHarness.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>A result with the run it came from (its directory is where to look again).</summary>
public sealed record RunResult(RunInfo Run, TestResult Result)
{
    public TestKey Key => TestKey.Of(Result);
}

/// <summary>
/// The history as a comparison reads it: runs oldest first, how each ended, which runs make a set
/// (a matrix, a night), and each run's results and measurements, read once.
/// </summary>
public sealed class History(IResultStore store)
{
    private readonly Dictionary<string, IReadOnlyList<TestResult>> _results = new();
    private IReadOnlyList<RunInfo>? _runs;
    private IReadOnlyList<RunSet>? _sets;

    public IResultStore Store => store;

    public IReadOnlyList<RunInfo> Runs => _runs ??= store.Runs();

    public IReadOnlyList<RunSet> Sets => _sets ??= RunSets.All(store);

    public RunEnd? EndOf(string runId) => store.EndOf(runId);

    public IReadOnlyList<TestResult> ResultsOf(string runId)
    {
        if (!_results.TryGetValue(runId, out var r)) _results[runId] = r = store.Results(runId);
        return r;
    }

    public RunSet? SetOf(string runId) => Sets.FirstOrDefault(s => s.Id == runId);

    /// <summary>Runs that stand on their own: not a member of a matrix or night (those are compared as their set).</summary>
    public IEnumerable<RunInfo> TopLevel => Runs.Where(r => !Sets.Any(s => s.Members.Contains(r.Id)));

    /// <summary>The runs whose results a run stands for: a set's members, or the run itself.</summary>
    public IReadOnlyList<RunInfo> Expand(RunInfo run) =>
        SetOf(run.Id) is { } set ? Runs.Where(r => set.Members.Contains(r.Id)).ToList() : [run];

    /// <summary>The sets (nights) a side's runs belong to: a night keeps its measurements and coverage on itself, not on its members.</summary>
    public IEnumerable<string> SetsHolding(Side side) =>
        Sets.Where(s => s.Members.Any(m => side.Runs.Any(r => r.Id == m))).Select(s => s.Id);

    /// <summary>Every result in the history, run by run, oldest run first.</summary>
    public IEnumerable<RunResult> All() => Runs.SelectMany(run => ResultsOf(run.Id).Select(r => new RunResult(run, r)));
}
