using ProbeHarness.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters.Html;

/// <summary>Earlier runs of the same suite, oldest first, ending with the run reported on.</summary>
public sealed record RunHistory(IReadOnlyList<(RunInfo Info, IReadOnlyList<TestResult> Results)> Runs)
{
    public const int DefaultDepth = 10;

    public static RunHistory Only(RunReport report) => new([(report.Info, report.Results)]);

    /// <summary>The last <paramref name="depth"/> runs of the report's suite in the store, the report's own run last.</summary>
    public static RunHistory From(IResultStore store, RunReport report, int depth = DefaultDepth)
    {
        var earlier = store.Runs()
            .Where(r => r.Suite == report.Info.Suite && r.Id != report.Info.Id && r.Started <= report.Info.Started)
            .OrderBy(r => r.Started)
            .TakeLast(depth - 1)
            .Select(r => (r, store.Results(r.Id)))
            .Where(x => x.Item2.Count > 0);
        return new([.. earlier, (report.Info, report.Results)]);
    }
}
