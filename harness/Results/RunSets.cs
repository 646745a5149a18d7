namespace ProbeHarness.Results;

/// <summary>Runs that belong together: a matrix's groups, or a night. The set is itself a run (its gate, its directory).</summary>
public sealed record RunSet(string Id, string Kind, string Name, IReadOnlyList<string> Members);

/// <summary>Stores and reads <see cref="RunSet"/>s in the history.</summary>
public static class RunSets
{
    /// <summary>Registers <paramref name="setId"/> (already a run) as a set of <paramref name="members"/>.</summary>
    public static void Add(IResultStore store, RunSet set)
    {
        HistoryTables.Write(store, "INSERT INTO run_sets (id, kind, name) VALUES (@id, @kind, @name)",
            ("id", set.Id), ("kind", set.Kind), ("name", set.Name));
        foreach (var m in set.Members)
            HistoryTables.Write(store, "INSERT INTO run_members (set_id, run_id) VALUES (@set, @run)", ("set", set.Id), ("run", m));
    }

    public static IReadOnlyList<RunSet> All(IResultStore store)
    {
        var members = HistoryTables.Read(store, "SELECT set_id, run_id FROM run_members ORDER BY set_id, run_id",
                row => (Set: HistoryTables.Text(row, 0), Run: HistoryTables.Text(row, 1)))
            .GroupBy(m => m.Set).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(m => m.Run).ToList());
        return HistoryTables.Read(store, "SELECT id, kind, name FROM run_sets ORDER BY id",
            row => new RunSet(HistoryTables.Text(row, 0), HistoryTables.Text(row, 1), HistoryTables.Text(row, 2),
                members.GetValueOrDefault(HistoryTables.Text(row, 0), [])));
    }
}
