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
            // A point already missing in a night between the two was reported then: a vanished function
            // never comes back, and a last good night that stays behind must not keep every later night red.
            var between = Between(c, key);
            var reported = lost.Where(p => between.Any(r => !r.Contains(p))).ToList();
            var fresh = lost.Except(reported).ToList();
            var shares = $"{Share(was):0.00%} of {was.Candidates} -> {Share(now):0.00%} of {now.Candidates}";
            var place = new FindingPlace("coverage", key.Family, key.Arch, key.Engine, was.Cell.Kernel, now.Cell.Kernel, null, null);
            if (fresh.Count > 0)
                yield return new Finding("coverage-lost", Severity.Regression, $"coverage-lost:{key}", Culprit.Kernel,
                    $"{fresh.Count} {key.Family} {(Coverage.MachineryTrace.IsExercised(key.Family) ? "no longer exercised" : "no longer resolve")} on {now.Cell.Kernel} [{key.Arch}/{key.Engine}] ({shares}): {Names(fresh)}", null, place);
            if (reported.Count > 0)
                yield return new Finding("coverage-still-lost", Severity.Info, $"coverage-still-lost:{key}", Culprit.Kernel,
                    $"{reported.Count} {key.Family} still {(Coverage.MachineryTrace.IsExercised(key.Family) ? "not exercised" : "do not resolve")}, as reported by a run since the baseline: {Names(reported)}", null, place);
            if (gained.Count > 0)
                yield return new Finding("coverage-gained", Severity.Improvement, $"coverage-gained:{key}", Culprit.None,
                    $"{gained.Count} new {key.Family} on {now.Cell.Kernel} [{key.Arch}/{key.Engine}] ({shares}): {Names(gained)}", null, place);
        }
    }

    /// <summary>The point sets of the same key recorded after the baseline and before the candidate.</summary>
    private static List<HashSet<string>> Between(Comparison c, Key key)
    {
        var sides = c.Base.Runs.Concat(c.Candidate.Runs).Select(r => r.Id)
            .Concat(c.History.SetsHolding(c.Base)).Concat(c.History.SetsHolding(c.Candidate)).ToHashSet();
        var from = c.Base.Newest;
        var to = c.Candidate.Runs.Count == 0 ? DateTimeOffset.MaxValue : c.Candidate.Runs.Min(r => r.Started);
        return c.History.Runs.Where(r => r.Started > from && r.Started < to && !sides.Contains(r.Id))
            .SelectMany(r => CoverageRecords.Of(c.History.Store, r.Id))
            .Where(r => KeyOf(r) == key).Select(r => r.Points.ToHashSet(StringComparer.Ordinal)).ToList();
    }

    private static Key KeyOf(CoverageRecord r) => new(r.Family, r.Cell.Arch, TestKey.EngineFamily(r.Cell.Engine), KernelLine.Of(r.Cell.Kernel));

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
            found[KeyOf(r)] = r;
        return found;
    }
}
