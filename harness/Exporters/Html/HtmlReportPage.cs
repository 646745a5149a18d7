using System.Text;
using ProbeHarness.Verdicts;
using static ProbeHarness.Exporters.Html.HtmlText;

namespace ProbeHarness.Exporters.Html;

/// <summary>
/// The run report as one self-contained HTML page: regressions first, then the matrix grid,
/// crashes, time and overhead plots, trends, coverage. No script at all, and a Content Security
/// Policy that would refuse one: whatever a console printed is shown as text.
/// </summary>
public static class HtmlReportPage
{
    public static (string Html, IReadOnlyList<Plot> Plots) Render(HtmlReportInput input, string css)
    {
        var run = input.Run;
        var plots = new List<Plot>();
        var body = new StringBuilder();
        Header(body, run);
        RegressionSection.Write(body, run, input.Comparison);
        MatrixSection.Write(body, run.Results);
        CrashSection.Write(body, run.Results);
        PlotSections.Time(body, plots, input.History);
        PlotSections.Overhead(body, plots, input.Overhead ?? []);
        PlotSections.Trends(body, plots, input.History);
        CoverageSection.Write(body, input.Comparison);
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{E($"{run.Info.Suite} run {run.Info.Id}")}</title><style>{css}</style></head>\n<body>\n")
            .Append(body)
            .Append($"<p class=\"meta\">Probe Harness {E(run.Info.HarnessVersion)}; plots as gnuplot data beside this page in plots/.</p>\n</body></html>\n");
        return (html.ToString(), plots);
    }

    private static void Header(StringBuilder b, RunReport run)
    {
        var i = run.Info;
        b.Append($"<h1>{E(i.Suite)}: run {E(i.Id)}</h1>\n");
        b.Append($"<p class=\"meta\">started {E(i.Started.ToString("yyyy-MM-dd HH:mm:ss 'UTC'"))} on {E(i.Host)}; ")
         .Append($"{run.Results.Select(r => r.Cell).Distinct().Count()} cell(s), {run.Results.Count} result(s)</p>\n");
        var gate = run.ExitCode switch
        {
            0 => "gate passed: every result as the suite expected",
            1 => "gate failed: unexpected results",
            _ => "gate failed: some tests could not be judged",
        };
        b.Append($"<p><span class=\"gate gate-{Math.Clamp(run.ExitCode, 0, 2)}\">{E(gate)}</span> ");
        foreach (var g in run.Results.GroupBy(r => r.State).OrderBy(g => g.Key))
            b.Append($"<span class=\"gate {StateStyle.Css(g.Key)}\">{g.Key.DejaGnuWord()} {g.Count()}</span> ");
        b.Append("</p>\n");
    }
}
