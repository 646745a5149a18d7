using ProbeHarness.Exporters;
using ProbeHarness.Exporters.Html;
using ProbeHarness.Results;
using ProbeHarness.Running;

namespace ProbeHarness.Comparing;

/// <summary>
/// A comparison as the HTML report shows it: the candidate's newest run, with the comparison's
/// findings on top (regressions first), written beside compare.json as compare/report.html, and the
/// findings in the report's own shape as comparison.json (what `report RUN --html --comparison` reads).
/// </summary>
public static class ComparisonPage
{
    public const string Folder = "compare";

    /// <summary>The report page's view of <paramref name="report"/>.</summary>
    public static ComparisonSummary Summary(ComparisonReport report) => new(
        string.Join(" ", report.Base.Runs.DefaultIfEmpty(report.Base.Label)),
        string.Join(" ", report.Candidate.Runs.DefaultIfEmpty(report.Candidate.Label)),
        report.Findings.Select(Of).ToList());

    /// <summary>Writes comparison.json and, when the candidate's newest run is in <paramref name="store"/>, its page; returns the page's path.</summary>
    public static string? Write(IResultStore store, ComparisonReport report, string dir)
    {
        var summary = Summary(report);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, ComparisonSummary.FileName),
            System.Text.Json.JsonSerializer.Serialize(summary, ComparisonSummary.Json));
        var newest = report.Candidate.Runs.LastOrDefault() is { } id ? store.Runs().FirstOrDefault(r => r.Id == id) : null;
        if (newest is null) return null;
        var results = store.Results(newest.Id);
        var pageDir = Path.Combine(dir, Folder);
        new HtmlReportExporter(store, summary).Export(new RunReport(newest, results, Gate.ExitCode(results)), pageDir);
        return Path.Combine(pageDir, HtmlReportExporter.FileName);
    }

    private static ComparisonFinding Of(Finding f) => new(
        f.Kind,
        f.Severity switch
        {
            Severity.Regression => FindingSeverity.High,
            Severity.Unjudged => FindingSeverity.Medium,
            Severity.Flaky => FindingSeverity.Low,
            _ => FindingSeverity.Info,
        },
        f.Where is { } w ? $"{w.Suite}/{w.Test}" : f.Signature,
        f.Where is { } p ? $"{p.Arch}/{p.CandidateKernel ?? p.BaseKernel}/{p.Engine}" : "",
        f.Where?.BaseState,
        f.Where?.CandidateState,
        f.Summary);
}
