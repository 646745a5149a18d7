namespace ProbeHarness.Profiling;

/// <summary>The rows `profile` prints: per phase, per cell, and the CPU split between the harness and its children.</summary>
public static class ProfileTables
{
    public static readonly string[] PhaseColumns = ["Phase", "Count", "Wall s", "% of run", "Sum s", "Longest"];

    /// <summary>
    /// One row per phase that occurred, in the run's order. "Wall" is the time at least one span of
    /// the phase was open (parallel builds overlap); "Sum" adds the spans up.
    /// </summary>
    public static IEnumerable<string[]> PhaseRows(RunProfile p)
    {
        var known = Phase.All.Concat(p.Phases.Select(s => s.Phase).Distinct().Except(Phase.All));
        foreach (var phase in known)
        {
            var spans = p.Phases.Where(s => s.Phase == phase).ToList();
            if (spans.Count == 0) continue;
            var covered = p.CoveredMs(spans);
            var longest = spans.MaxBy(s => s.Ms)!;
            yield return
            [
                phase, spans.Count.ToString(), S(covered), p.WallMs > 0 ? $"{100 * covered / p.WallMs:0.0}" : "",
                S(spans.Sum(s => s.Ms)), $"{S(longest.Ms)} {Cut(longest.Detail)}".Trim(),
            ];
        }
        // What no phase covers: images, System.map, snapshot keys, guests shutting down, the harness's own bookkeeping.
        var outside = p.WallMs - p.CoveredMs(p.Phases);
        if (p.WallMs > 0) yield return ["(outside phases)", "", S(outside), $"{100 * outside / p.WallMs:0.0}", "", ""];
    }

    public static string[] CellColumns(RunProfile p) =>
        ["Cell", "Wall s", .. Phase.All.Where(ph => p.Phases.Any(s => s.Phase == ph)).Select(ph => ph + " s")];

    /// <summary>One row per cell (and one for the run's setup before any cell): its wall time and each phase's covered time in it.</summary>
    public static IEnumerable<string[]> CellRows(RunProfile p)
    {
        var phases = Phase.All.Where(ph => p.Phases.Any(s => s.Phase == ph)).ToList();
        var names = p.Phases.Select(s => s.Cell).Concat(p.Cells.Keys).Distinct()
            .OrderBy(c => p.Cells.TryGetValue(c, out var w) ? w.StartMs : double.MinValue).ToList();
        foreach (var cell in names)
        {
            var wall = p.Cells.TryGetValue(cell, out var w) ? S(w.EndMs - w.StartMs) : "";
            yield return [cell == "" ? "(setup)" : cell, wall,
                .. phases.Select(ph => p.Phases.Where(s => s.Cell == cell && s.Phase == ph).ToList() is { Count: > 0 } l ? S(p.CoveredMs(l)) : "")];
        }
    }

    /// <summary>Lines on the harness's own CPU against its children's, and the figures behind "where to speed up".</summary>
    public static IEnumerable<string> CpuLines(RunProfile p)
    {
        var children = p.ChildrenCpuMs;
        var qemu = p.ChildCpuMs.Where(kv => kv.Key.StartsWith("qemu", StringComparison.Ordinal)).Sum(kv => kv.Value);
        var total = p.SelfCpuMs + children;
        yield return $"run wall time {S(p.WallMs)} s";
        yield return $"harness's own CPU {S(p.SelfCpuMs)} s ({Pct(p.SelfCpuMs, p.WallMs)} of wall, {Pct(p.SelfCpuMs, total)} of all CPU the run used)";
        yield return $"children's CPU {S(children)} s ({Pct(children, total)} of all CPU): QEMU {S(qemu)} s, " +
                     $"other children (stap, gcc, make, apt, dpkg, docker) {S(Math.Max(0, children - qemu))} s";
        if (p.ChildCpuMs.Count > 0)
            yield return "sampled live children: " + string.Join(", ", p.ChildCpuMs.Select(kv => $"{kv.Key} {S(kv.Value)} s"));
    }

    /// <summary>The phase with the most wall time: the first to speed up.</summary>
    public static string? Slowest(RunProfile p) =>
        p.Phases.GroupBy(s => s.Phase).MaxBy(g => p.CoveredMs(g))?.Key;

    private static string S(double ms) => (ms / 1000).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    private static string Pct(double part, double whole) => whole > 0 ? $"{100 * part / whole:0.0}%" : "n/a";

    private static string Cut(string s) => s.Length <= 40 ? s : s[..39] + "…";
}
