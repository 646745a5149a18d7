using System.Globalization;

namespace ProbeHarness.Running;

/// <summary>What a guest session cost: cold boots, snapshot restores, their times, tests per guest.</summary>
public sealed record GuestStats(IReadOnlyList<TimeSpan> Boots, IReadOnlyList<TimeSpan> Restores, TimeSpan? SnapshotSave,
    IReadOnlyList<int> TestsPerGuest, string? SnapshotProblem)
{
    public static GuestStats Of(GuestSession s) =>
        new([.. s.BootTimes], [.. s.RestoreTimes], s.SnapshotSaveTime, [.. s.TestsPerGuest], s.SnapshotProblem);

    public int MostTestsInOneBoot => TestsPerGuest.Count == 0 ? 0 : TestsPerGuest.Max();

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        string Times(IReadOnlyList<TimeSpan> t) => t.Count == 0 ? "-" :
            string.Create(c, $"median {Median(t):0.00} s, min {t.Min().TotalSeconds:0.00} s, max {t.Max().TotalSeconds:0.00} s");
        return string.Join('\n',
            $"cold boots: {Boots.Count} ({Times(Boots)})",
            $"snapshot restores: {Restores.Count} ({Times(Restores)})",
            $"snapshot save: {(SnapshotSave is { } s ? string.Create(c, $"{s.TotalSeconds:0.00} s") : "none")}",
            $"runtime tests per guest: [{string.Join(", ", TestsPerGuest)}]; most in one guest: {MostTestsInOneBoot}",
            SnapshotProblem is null ? "snapshot: served every test after the first" : $"snapshot could not serve: {SnapshotProblem}") + "\n";
    }

    private static double Median(IReadOnlyList<TimeSpan> t)
    {
        var s = t.Select(x => x.TotalSeconds).Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
