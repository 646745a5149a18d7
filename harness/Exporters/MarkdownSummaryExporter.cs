using System.Globalization;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Exporters;

/// <summary>
/// Writes summary.md for a person (or a CI job summary): what ran, how many of each state, what did
/// not pass and who is at fault, and each distinct crash once with one excerpt.
/// </summary>
public sealed class MarkdownSummaryExporter : IExporter
{
    public const string FileName = "summary.md";

    public string Name => "markdown";

    public void Export(RunReport report, string runDirectory) =>
        DejaGnuFormat.WriteLines(Path.Combine(runDirectory, FileName), Lines(report));

    public IEnumerable<string> Lines(RunReport report)
    {
        var info = report.Info;
        var inv = CultureInfo.InvariantCulture;
        yield return $"# Run {Markdown.Cell(info.Id)}: {Markdown.Cell(info.Suite)}";
        yield return "";
        yield return "| Field | Value |";
        yield return "|---|---|";
        yield return $"| Started | {info.Started.ToString("yyyy-MM-dd HH:mm:ss zzz", inv)} |";
        yield return $"| Host | {Markdown.Cell(info.Host)} |";
        yield return $"| Harness | {Markdown.Cell(info.HarnessVersion)} |";
        yield return $"| Run directory | {Markdown.Cell(info.RunDirectory, 500)} |";
        yield return $"| Exit code | {report.ExitCode.ToString(inv)} |";
        yield return "";
        foreach (var l in Counts(report.Results)) yield return l;
        foreach (var l in NotPassed(report.Results)) yield return l;
        foreach (var l in Crashes(CrashGroups.Group(report.Results))) yield return l;
    }

    private static IEnumerable<string> Counts(IReadOnlyList<TestResult> results)
    {
        yield return "## Counts";
        yield return "";
        yield return "| State | Meaning | Count |";
        yield return "|---|---|---:|";
        foreach (var (state, count) in StateCounts.Of(results))
            yield return $"| {state.DejaGnuWord()} | {DejaGnuFormat.CountName(state)} | {count} |";
        yield return $"| **Total** | | **{results.Count}** |";
        yield return "";
    }

    private static IEnumerable<string> NotPassed(IReadOnlyList<TestResult> results)
    {
        var rows = results.Where(r => r.State != TestState.Pass).ToList();
        if (rows.Count == 0) yield break;
        yield return "## Not passed";
        yield return "";
        yield return "| State | Test | Cell | Culprit | Reason |";
        yield return "|---|---|---|---|---|";
        foreach (var r in rows)
            yield return $"| {r.State.DejaGnuWord()} | {Markdown.Cell(r.Test)} | {Markdown.Cell(r.Cell.ToString())} | {r.Culprit} | {Markdown.Cell(r.Reason)} |";
        yield return "";
    }

    private static IEnumerable<string> Crashes(IReadOnlyList<CrashGroup> groups)
    {
        if (groups.Count == 0) yield break;
        yield return "## Crashes";
        yield return "";
        yield return "| # | Title | Kind | Count | First | Last | Culprit |";
        yield return "|---:|---|---|---:|---|---|---|";
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            yield return $"| {i + 1} | {Markdown.Cell(g.Title)} | {Markdown.Cell(g.Crash.Kind)} | {g.Count} | " +
                         $"{Markdown.Cell(g.First.FullName)} | {Markdown.Cell(g.Last.FullName)} | {string.Join(", ", g.Culprits)} |";
        }
        yield return "";
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            yield return $"### {i + 1}. {Markdown.Cell(g.Title)}";
            yield return "";
            yield return $"First seen in {Markdown.Cell(g.First.FullName)}" +
                         (g.Crash.Corrupted ? " (report corrupted)" : "") + ":";
            yield return "";
            foreach (var l in Markdown.Fenced(g.Crash.Excerpt)) yield return l;
            yield return "";
        }
    }
}
