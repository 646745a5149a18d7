using ProbeHarness.Results;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// Probe points that resolved on the baseline's kernel and do not on the candidate's (same family,
/// architecture, engine and kernel line) are a coverage regression, named; points that appeared are
/// coverage gained. One finding per family and cell, with the names.
/// </summary>
public sealed class CoverageAnalyser : IRegressionAnalyser
{
    public const int NamesShown = 25;

    public IEnumerable<Finding> Analyse(Comparison c)
    {
        var before = Of(c.History, c.Base);
        var after = Of(c.History, c.Candidate);
        foreach (var (key, now) in after)
        {
            if (!before.TryGetValue(key, out var was)) continue;
            var had = was.Points.ToHashSet(StringComparer.Ordinal);
            var has = now.Points.ToHashSet(StringComparer.Ordinal);
            var lost = was.Points.Where(p => !has.Contains(p)).ToList();
            var gained = now.Points.Where(p => !had.Contains(p)).ToList();
            var shares = $"{Share(was):0.00%} of {was.Candidates} -> {Share(now):0.00%} of {now.Candidates}";
            var place = new FindingPlace("coverage", key.Family, key.Arch, key.Engine, was.Cell.Kernel, now.Cell.Kernel, null, null);
            if (lost.Count > 0)
                yield return new Finding("coverage-lost", Severity.Regression, $"coverage-lost:{key}", Culprit.Kernel,
                    $"{lost.Count} {key.Family} no longer resolve on {now.Cell.Kernel} [{key.Arch}/{key.Engine}] ({shares}): {Names(lost)}", null, place);
            if (gained.Count > 0)
                yield return new Finding("coverage-gained", Severity.Improvement, $"coverage-gained:{key}", Culprit.None,
                    $"{gained.Count} new {key.Family} on {now.Cell.Kernel} [{key.Arch}/{key.Engine}] ({shares}): {Names(gained)}", null, place);
        }
    }

    private static double Share(CoverageRecord r) => r.Candidates == 0 ? 0 : r.Points.Count / (double)r.Candidates;

    private static string Names(List<string> points) =>
        string.Join(", ", points.Take(NamesShown)) + (points.Count > NamesShown ? $" and {points.Count - NamesShown} more" : "");

    private sealed record Key(string Family, string Arch, string Engine, string Line)
    {
        public override string ToString() => $"{Family}/{Arch}/{Line}/{Engine}";
    }

    private static Dictionary<Key, CoverageRecord> Of(History history, Side side)
    {
        var found = new Dictionary<Key, CoverageRecord>();
        foreach (var r in side.Runs.Select(r => r.Id).Concat(history.SetsHolding(side)).Distinct().SelectMany(id => CoverageRecords.Of(history.Store, id)))
            found[new Key(r.Family, r.Cell.Arch, TestKey.EngineFamily(r.Cell.Engine), KernelLine.Of(r.Cell.Kernel))] = r;
        return found;
    }
}
