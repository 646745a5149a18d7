using System.IO.Compression;
using System.Text;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Results;

/// <summary>The probe points of one family that resolved in one cell of a run, with how many were candidates.</summary>
public sealed record CoverageRecord(string RunId, Cell Cell, string Family, int Candidates, IReadOnlyList<string> Points);

/// <summary>Stores and reads <see cref="CoverageRecord"/>s; the point names (tens of thousands) are kept gzipped in one text column.</summary>
public static class CoverageRecords
{
    public static void Add(IResultStore store, CoverageRecord c) =>
        HistoryTables.Write(store, """
            INSERT INTO coverage (run_id, arch, kernel, engine, family, candidates, points)
            VALUES (@run, @arch, @kernel, @engine, @family, @candidates, @points)
            """, ("run", c.RunId), ("arch", c.Cell.Arch), ("kernel", c.Cell.Kernel), ("engine", c.Cell.Engine),
            ("family", c.Family), ("candidates", (long)c.Candidates), ("points", Pack(c.Points)));

    public static IReadOnlyList<CoverageRecord> Of(IResultStore store, string runId) =>
        HistoryTables.Read(store, "SELECT run_id, arch, kernel, engine, family, candidates, points FROM coverage WHERE run_id = @run ORDER BY arch, kernel, engine, family",
            row => new CoverageRecord(HistoryTables.Text(row, 0), new Cell(HistoryTables.Text(row, 1), HistoryTables.Text(row, 2), HistoryTables.Text(row, 3)),
                HistoryTables.Text(row, 4), (int)Convert.ToInt64(row.GetValue(5)), Unpack(HistoryTables.Text(row, 6))),
            ("run", runId));

    public static string Pack(IReadOnlyList<string> points)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.SmallestSize))
            gz.Write(Encoding.UTF8.GetBytes(string.Join('\n', points)));
        return Convert.ToBase64String(buffer.ToArray());
    }

    public static IReadOnlyList<string> Unpack(string packed)
    {
        using var gz = new GZipStream(new MemoryStream(Convert.FromBase64String(packed)), CompressionMode.Decompress);
        using var text = new StreamReader(gz, Encoding.UTF8);
        return text.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
