using ProbeHarness.Verdicts;

namespace ProbeHarness.Triage;

/// <summary>One distinct crash title across many runs.</summary>
public sealed record CrashGroup(
    string Title,
    string Kind,
    Culprit Culprit,
    int Count,
    string FirstWhere,
    DateTimeOffset FirstWhen,
    string LastWhere,
    DateTimeOffset LastWhen,
    string Excerpt);

/// <summary>Collapses crashes to distinct titles, the way a bug tracker would count them.</summary>
public static class CrashDigest
{
    /// <summary>
    /// Groups by title. The excerpt kept is the first uncorrupted one (corrupted ones only when all
    /// are), since a reader will look at one and it should be whole. Most frequent first.
    /// </summary>
    public static IReadOnlyList<CrashGroup> Group(IEnumerable<(CrashInfo crash, string where, DateTimeOffset when)> crashes) =>
        crashes
            .GroupBy(c => c.crash.Title, StringComparer.Ordinal)
            .Select(g =>
            {
                var ordered = g.OrderBy(c => c.when).ToList();
                var first = ordered[0];
                var last = ordered[^1];
                var sample = ordered.FirstOrDefault(c => !c.crash.Corrupted, first);
                return new CrashGroup(g.Key, sample.crash.Kind, sample.crash.Culprit, ordered.Count,
                    first.where, first.when, last.where, last.when, sample.crash.Excerpt);
            })
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.FirstWhen)
            .ThenBy(g => g.Title, StringComparer.Ordinal)
            .ToList();
}
