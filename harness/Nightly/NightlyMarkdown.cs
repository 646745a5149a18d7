using System.Text;
using ProbeHarness.Comparing;
using ProbeHarness.Exporters;
using ProbeHarness.Results;
using ProbeHarness.Running;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Nightly;

/// <summary>nightly.md: the morning's answer first (gate, what got worse), then what ran tonight.</summary>
public static class NightlyMarkdown
{
    public static string Of(RunInfo night, Matrix matrix, IReadOnlyList<TestResult> results, IReadOnlyList<Measurement> overhead,
        IReadOnlyList<CoverageRecord> coverage, ComparisonReport comparison, int exit)
    {
        var s = new StringBuilder();
        s.AppendLine($"# Night {Markdown.Cell(night.Id)}");
        s.AppendLine();
        s.AppendLine($"Gate: **exit {exit}** — {ComparisonGate.Word(exit)}. Matrix `{Markdown.Cell(matrix.Name)}`, suites {Markdown.Cell(night.Suite)}.");
        if (comparison.Note is not null) s.AppendLine().AppendLine(Markdown.Cell(comparison.Note, 400));
        s.AppendLine();
        var worse = comparison.Findings.Where(f => f.Severity is Severity.Regression).ToList();
        s.AppendLine(worse.Count == 0 ? "Nothing got worse." : $"## Worse since {Markdown.Cell(comparison.Base.Label)} ({worse.Count})");
        foreach (var f in worse) s.AppendLine($"- {Markdown.Cell(f.Summary, 300)} ({f.Culprit})");
        s.AppendLine();
        s.AppendLine("## Kernels tonight");
        s.AppendLine();
        s.AppendLine("| arch | kernel | engine | results |");
        s.AppendLine("|---|---|---|---|");
        foreach (var g in results.GroupBy(r => r.Cell))
            s.AppendLine($"| {g.Key.Arch} | {Markdown.Cell(g.Key.Kernel)} | {Markdown.Cell(g.Key.Engine)} | "
                         + string.Join(", ", g.GroupBy(r => r.State).OrderBy(x => x.Key).Select(x => $"{x.Key.DejaGnuWord()} {x.Count()}")) + " |");
        if (overhead.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("## Overhead (ns added per hit, median of interleaved repetitions)");
            s.AppendLine();
            foreach (var m in overhead)
                s.AppendLine($"- {m.Name} on {m.Cell.Arch} {Markdown.Cell(m.Cell.Kernel)}: {Statistics.Stats.Median(m.Samples):0} ns ({m.Samples.Count} samples)");
        }
        if (coverage.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("## Coverage");
            s.AppendLine();
            // Probe points resolve; the machinery's functions (MachineryTrace) are exercised by the suites.
            foreach (var c in coverage)
                s.AppendLine($"- {Markdown.Cell(c.Family)} on {c.Cell.Arch} {Markdown.Cell(c.Cell.Kernel)} {Markdown.Cell(c.Cell.Engine)}: "
                             + $"{c.Points.Count} of {c.Candidates} {(Coverage.MachineryTrace.IsExercised(c.Family) ? "exercised" : "resolve")}");
        }
        s.AppendLine();
        s.AppendLine($"Comparison: compare.md, compare.json. Gate: {Gate.Passed} nothing worse, {Gate.Unexpected} regressions, {Gate.Unjudged} could not compare.");
        return s.ToString();
    }
}
