using System.Text;
using ProbeHarness.Exporters;

namespace ProbeHarness.Comparing;

/// <summary>compare.md: the gate, the two sides, then the findings grouped worst first.</summary>
public static class ComparisonMarkdown
{
    public static string Of(ComparisonReport r)
    {
        var s = new StringBuilder();
        s.AppendLine($"# Comparison: {Markdown.Cell(r.Candidate.Label)} against {Markdown.Cell(r.Base.Label)}");
        s.AppendLine();
        s.AppendLine($"Gate: **{r.Gate}** (exit {r.ExitCode}).");
        s.AppendLine();
        s.AppendLine("| side | runs | kernels |");
        s.AppendLine("|---|---|---|");
        foreach (var (name, side) in new[] { ("base", r.Base), ("candidate", r.Candidate) })
            s.AppendLine($"| {name} | {Markdown.Cell(string.Join(", ", side.Runs), 400)} | {Markdown.Cell(string.Join(", ", side.Kernels), 400)} |");
        if (r.Note is not null) s.AppendLine().AppendLine(Markdown.Cell(r.Note, 400));
        s.AppendLine();
        if (r.Findings.Count == 0) s.AppendLine("No differences.");
        foreach (var group in r.Findings.GroupBy(f => f.Severity))
        {
            s.AppendLine($"## {group.Key} ({group.Count()})");
            s.AppendLine();
            s.AppendLine("| kind | finding | culprit | reproduce |");
            s.AppendLine("|---|---|---|---|");
            foreach (var f in group)
                s.AppendLine($"| {f.Kind} | {Markdown.Cell(f.Summary, 300)} | {f.Culprit} | {Markdown.Cell(f.Reproducer, 300)} |");
            s.AppendLine();
        }
        return s.ToString();
    }
}
