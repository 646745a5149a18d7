using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters;

/// <summary>One distinct crash title and every result that hit it, in recording order.</summary>
public sealed record CrashGroup(string Title, IReadOnlyList<TestResult> Results)
{
    public int Count => Results.Count;
    public TestResult First => Results[0];
    public TestResult Last => Results[^1];
    /// <summary>The report to show: the first whole one (a corrupted one only when all are), since a reader looks at one.</summary>
    public CrashInfo Crash => (Results.FirstOrDefault(r => !r.Crash!.Corrupted) ?? First).Crash!;

    /// <summary>Every culprit triage gave this title; more than one is itself worth a look.</summary>
    public IReadOnlyList<Culprit> Culprits => Results.Select(r => r.Crash!.Culprit).Distinct().ToList();
}

/// <summary>
/// Dedups crashes by title. Titles are built to be stable (no addresses, no PIDs), so one bug
/// hit in forty cells is one row, not forty.
/// </summary>
public static class CrashGroups
{
    /// <summary>Most frequent first; ties keep the order in which each title was first seen.</summary>
    public static IReadOnlyList<CrashGroup> Group(IEnumerable<TestResult> results) =>
        results
            .Where(r => r.Crash is not null)
            .GroupBy(r => r.Crash!.Title, StringComparer.Ordinal)
            .Select((g, firstSeen) => (Group: new CrashGroup(g.Key, g.ToList()), firstSeen))
            .OrderByDescending(x => x.Group.Count)
            .ThenBy(x => x.firstSeen)
            .Select(x => x.Group)
            .ToList();
}
