using System.Text;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Running;

/// <summary>The matrix's cell table: one row per arch x kernel x engine, in Markdown.</summary>
public static class CellTable
{
    public static readonly string[] Columns = ["Cell", "Boot s", "Restores", "Build s", "Loaded", "Verdicts", "Wall s"];

    public static string[] Row(CellReport c) =>
    [
        c.Name,
        c.Boots.Count == 0 ? "-" : string.Join(" ", c.Boots.Select(b => $"{b.TotalSeconds:0.0}")),
        // Snapshot restores (a pristine guest per test): how many, and the median time.
        c.Restores.Count == 0 ? "-" : $"{c.Restores.Count} × {Statistics.Stats.Median(c.Restores):0.00}",
        $"{c.Build.TotalSeconds:0.0}",
        c.ModuleLoaded ? "yes" : "no",
        // The reason a cell could not run already says what failed (setup, or its whole group).
        c.Failure is { } f ? $"{Verdicts(c.States)}: {f}" : Verdicts(c.States),
        $"{c.Wall.TotalSeconds:0.0}",
    ];

    public static string Verdicts(IReadOnlyDictionary<TestState, int> states) =>
        string.Join(" ", states.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key.DejaGnuWord()} {kv.Value}"));

    public static string Markdown(Matrix matrix, IReadOnlyList<CellReport> cells, TimeSpan wall, int parallel)
    {
        var s = new StringBuilder();
        s.AppendLine($"# Matrix {matrix.Name}: suite {matrix.Suite}, {cells.Count} cells");
        s.AppendLine();
        s.AppendLine($"Wall time {wall.TotalSeconds:0} s with {parallel} group(s) at once.");
        s.AppendLine();
        s.AppendLine("| " + string.Join(" | ", Columns) + " |");
        s.AppendLine("|" + string.Concat(Columns.Select(_ => "---|")));
        foreach (var c in cells)
            s.AppendLine("| " + string.Join(" | ", Row(c).Select(v => v.Replace("|", "\\|").Replace("\n", " "))) + " |");
        return s.ToString();
    }
}
