using ProbeHarness.Verdicts;

namespace ProbeHarness.Comparing;

/// <summary>
/// Crash titles new in the candidate or gone from it, matched by title across runs and cells (a
/// title names the bug, not the place). A new crash the suite expected (its test passed) is news,
/// not a regression.
/// </summary>
public sealed class CrashAnalyser : IRegressionAnalyser
{
    public IEnumerable<Finding> Analyse(Comparison c)
    {
        var before = Titles(c.Base);
        var after = Titles(c.Candidate);
        foreach (var (title, hits) in after.Where(a => !before.ContainsKey(a.Key)))
        {
            var first = hits[0];
            var expected = hits.All(h => !h.Result.State.IsUnexpected() && !h.Result.State.IsUnjudged());
            yield return new Finding("crash-new", expected ? Severity.Info : Severity.Regression, $"crash:{title}",
                first.Result.Crash!.Culprit,
                $"new crash \"{title}\" in {Places(hits)}" + (expected ? " (the suite expects it)" : ""),
                Reproducer.Of(first), Place(first, inCandidate: true));
        }
        foreach (var (title, hits) in before.Where(b => !after.ContainsKey(b.Key)))
        {
            var first = hits[0];
            var wasExpected = hits.All(h => !h.Result.State.IsUnexpected() && !h.Result.State.IsUnjudged());
            yield return new Finding("crash-gone", wasExpected ? Severity.Info : Severity.Improvement, $"crash:{title}",
                first.Result.Crash!.Culprit, $"crash \"{title}\" gone (was in {Places(hits)})", Reproducer.Of(first), Place(first, inCandidate: false));
        }
    }

    private static Dictionary<string, List<RunResult>> Titles(Side side) =>
        side.ByKey.Values.Where(r => r.Result.Crash is not null)
            .GroupBy(r => r.Result.Crash!.Title).ToDictionary(g => g.Key, g => g.ToList());

    private static string Places(List<RunResult> hits) =>
        string.Join(", ", hits.Take(3).Select(h => h.Key.ToString())) + (hits.Count > 3 ? $" and {hits.Count - 3} more" : "");

    private static FindingPlace Place(RunResult r, bool inCandidate)
    {
        var k = r.Key;
        return new FindingPlace(k.Suite, k.Test, k.Arch, k.Engine, inCandidate ? null : r.Result.Cell.Kernel,
            inCandidate ? r.Result.Cell.Kernel : null, inCandidate ? null : r.Result.State.DejaGnuWord(), inCandidate ? r.Result.State.DejaGnuWord() : null);
    }
}
