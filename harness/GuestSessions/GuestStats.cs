using System.Globalization;

namespace ProbeHarness.GuestSessions;

/// <summary>What a guest session cost: cold boots, snapshot restores, their times, tests per guest, where the snapshot came from.</summary>
/// <param name="SnapshotFromCache">The snapshot was found in the harness cache, not saved by this session.</param>
/// <param name="SnapshotKey">The snapshot's cache key, when the cache was used.</param>
/// <param name="DiscardedSnapshot">Which snapshot did not restore, and why: it was discarded and a new one saved.</param>
/// <param name="SnapshotProblem">Why no snapshot could serve, so tests shared booted guests.</param>
public sealed record GuestStats(IReadOnlyList<TimeSpan> Boots, IReadOnlyList<TimeSpan> Restores, TimeSpan? SnapshotSave,
    IReadOnlyList<int> TestsPerGuest, string? SnapshotProblem)
{
    public bool Pristine { get; init; }
    public bool SnapshotFromCache { get; init; }
    public string? SnapshotKey { get; init; }
    public string? DiscardedSnapshot { get; init; }
    /// <summary>Shared guests ended because a test left a taint that matters (test: flags).</summary>
    public IReadOnlyList<string> TaintDiscards { get; init; } = [];

    public static GuestStats Of(GuestSession s) =>
        new([.. s.BootTimes], [.. s.RestoreTimes], s.SnapshotSaveTime, [.. s.TestsPerGuest], s.SnapshotProblem)
        {
            Pristine = s.Pristine,
            SnapshotFromCache = s.SnapshotFromCache,
            SnapshotKey = s.SnapshotKey,
            DiscardedSnapshot = s.DiscardedSnapshot,
            TaintDiscards = [.. s.TaintDiscards],
        };

    public int MostTestsInOneBoot => TestsPerGuest.Count == 0 ? 0 : TestsPerGuest.Max();

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string Times(IReadOnlyList<TimeSpan> t) => t.Count == 0 ? "-" :
            string.Create(c, $"median {Statistics.Stats.Median(t):0.00} s, min {t.Min().TotalSeconds:0.00} s, max {t.Max().TotalSeconds:0.00} s");
        var lines = new List<string>
        {
            $"cold boots: {Boots.Count} ({Times(Boots)})",
            $"snapshot restores: {Restores.Count} ({Times(Restores)})",
            $"snapshot save: {(SnapshotSave is { } s ? string.Create(c, $"{s.TotalSeconds:0.00} s") : "none")}",
            $"runtime tests per guest: [{string.Join(", ", TestsPerGuest)}]; most in one guest: {MostTestsInOneBoot}",
        };
        foreach (var t in TaintDiscards) lines.Add($"fresh guest after a taint: {t}");
        if (DiscardedSnapshot is not null) lines.Add($"discarded: {DiscardedSnapshot}; a new one was saved from a fresh boot");
        lines.Add(SnapshotProblem is not null ? $"snapshot could not serve: {SnapshotProblem}"
            : !Pristine ? "snapshot: none (guest: shared, tests batched in booted guests)"
            : SnapshotFromCache ? $"snapshot: from the harness cache ({SnapshotKey}), every test in a restored guest"
            : SnapshotKey is not null ? $"snapshot: saved this run into the harness cache ({SnapshotKey}); every test after the first in a restored guest"
            : "snapshot: saved this run; every test after the first in a restored guest");
        return string.Join('\n', lines) + "\n";
    }
}
