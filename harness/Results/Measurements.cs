using System.Globalization;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Results;

/// <summary>Samples of one quantity measured in one cell of a run (e.g. ns a kprobe adds per hit), kept raw for tests between runs.</summary>
public sealed record Measurement(string RunId, Cell Cell, string Name, string Unit, IReadOnlyList<double> Samples);

/// <summary>Stores and reads <see cref="Measurement"/>s in the history.</summary>
public static class Measurements
{
    public static void Add(IResultStore store, Measurement m) =>
        HistoryTables.Write(store, """
            INSERT INTO measurements (run_id, arch, kernel, engine, name, unit, samples)
            VALUES (@run, @arch, @kernel, @engine, @name, @unit, @samples)
            """, ("run", m.RunId), ("arch", m.Cell.Arch), ("kernel", m.Cell.Kernel), ("engine", m.Cell.Engine),
            ("name", m.Name), ("unit", m.Unit), ("samples", string.Join(' ', m.Samples.Select(s => s.ToString("R", CultureInfo.InvariantCulture)))));

    public static IReadOnlyList<Measurement> Of(IResultStore store, string runId) =>
        HistoryTables.Read(store, "SELECT run_id, arch, kernel, engine, name, unit, samples FROM measurements WHERE run_id = @run ORDER BY arch, kernel, engine, name",
            row => new Measurement(HistoryTables.Text(row, 0), new Cell(HistoryTables.Text(row, 1), HistoryTables.Text(row, 2), HistoryTables.Text(row, 3)),
                HistoryTables.Text(row, 4), HistoryTables.Text(row, 5),
                HistoryTables.Text(row, 6).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList()),
            ("run", runId));
}
