using System.Text.RegularExpressions;
using FsCheck;
using TestResult = ProbeHarness.Verdicts.TestResult;
using FsCheck.Fluent;
using NUnit.Framework;
using ProbeHarness.Exporters.Html;
using ProbeHarness.Verdicts;

namespace ProbeHarness.Tests.Exporters.Html;

public class HtmlReportTests
{
    private static string Css => File.ReadAllText(Resources.PathOf("reports", "report.css"));

    [Test]
    public void Every_section_is_there_and_regressions_come_first()
    {
        var (html, plots) = HtmlReportPage.Render(HostileRun.Input, Css);
        var order = new[] { "id=\"regressions\"", "id=\"matrix\"", "id=\"crashes\"", "id=\"time\"", "id=\"overhead\"", "id=\"trends\"", "id=\"coverage\"" }
            .Select(s => html.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.That(order, Has.All.GreaterThan(0));
        Assert.That(order, Is.Ordered);
        Assert.That(plots.Select(p => p.Name), Is.EquivalentTo(new[] { "test-time", "overhead-1", "trend-results", "trend-time" }));
        Assert.That(Regex.Matches(html, "<svg class=\"plot\"").Count, Is.EqualTo(plots.Count));
        // The high-severity finding is listed before the info one.
        Assert.That(html.IndexOf("new-crash", StringComparison.Ordinal), Is.LessThan(html.IndexOf(">fixed<", StringComparison.Ordinal)));
    }

    [Test]
    public void Console_text_never_becomes_markup()
    {
        var (html, _) = HtmlReportPage.Render(HostileRun.Input, Css);
        Assert.That(html, Does.Not.Contain("<script").IgnoreCase);
        Assert.That(html, Does.Not.Contain("<img").IgnoreCase);
        Assert.That(html, Does.Not.Contain("<b id=pwned").IgnoreCase);
        Assert.That(Regex.Matches(html, "<style").Count, Is.EqualTo(1), "only the page's own stylesheet");
        Assert.That(html, Does.Contain("&lt;script&gt;document.title="));
        Assert.That(html, Does.Contain("Content-Security-Policy"));
    }

    [Test]
    public void The_matrix_grid_colours_each_cell_by_its_worst_state()
    {
        var (html, _) = HtmlReportPage.Render(HostileRun.Input, Css);
        var grid = Regex.Match(html, "<table class=\"grid\" id=\"matrix-grid\">.*?</table>", RegexOptions.Singleline).Value;
        var rows = Regex.Matches(grid, "<tr><th>([^<]*)</th>(.*?)</tr>", RegexOptions.Singleline);
        var x86 = rows.Single(m => m.Groups[1].Value == SampleRun.X86.ToString()).Groups[2].Value;
        Assert.That(x86, Does.StartWith("<td class=\"state st-fail\">"), "x86 has a FAIL in the probes suite");
        Assert.That(x86, Does.Contain("<td class=\"state st-pass\">1 PASS</td>"), "and only a pass in the other suite");
        var arm = rows.Single(m => m.Groups[1].Value == SampleRun.Arm.ToString()).Groups[2].Value;
        Assert.That(arm, Does.EndWith("<td class=\"state st-empty\">—</td>"), "arm64 did not run the other suite");
    }

    [Test]
    public void Without_comparison_the_unexpected_results_head_the_page()
    {
        var input = HostileRun.Input with { Comparison = null, Overhead = [] };
        var (html, plots) = HtmlReportPage.Render(input, Css);
        Assert.That(html, Does.Contain("Unexpected and unjudged results"));
        Assert.That(html, Does.Contain("No overhead was measured"));
        Assert.That(html, Does.Contain("No coverage was measured"));
        Assert.That(plots, Has.Count.EqualTo(3));
    }

    [Test]
    public void Each_plot_has_a_gnuplot_dat_with_one_row_per_point()
    {
        var (_, plots) = HtmlReportPage.Render(HostileRun.Input, Css);
        var trend = plots.Single(p => p.Name == "trend-results");
        var rows = trend.Dat.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.That(rows, Has.Count.EqualTo(3), "three runs");
        Assert.That(rows.Select(r => Regex.Matches(r, "\"[^\"]*\"|\\S+").Count), Has.All.EqualTo(5), "x and four series");
        var time = plots.Single(p => p.Name == "test-time");
        foreach (var row in time.Dat.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var f = Regex.Matches(row, "\"[^\"]*\"|\\S+").Select(m => m.Value).ToList();
            var (mean, low, high) = (double.Parse(f[1]), double.Parse(f[2]), double.Parse(f[3]));
            Assert.That(low <= mean && mean <= high, row);
        }
    }

    [Test]
    public void The_exporter_writes_the_page_and_the_dat_files()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"ph-html-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, ComparisonSummary.FileName),
                System.Text.Json.JsonSerializer.Serialize(HostileRun.Comparison, ComparisonSummary.Json));
            new HtmlReportExporter().Export(HostileRun.Report, dir);
            var html = File.ReadAllText(Path.Combine(dir, HtmlReportExporter.FileName));
            Assert.That(html, Does.Contain("Regressions against earlier-1"), "comparison.json read back");
            Assert.That(Directory.GetFiles(Path.Combine(dir, "plots"), "*.dat").Select(Path.GetFileName),
                Is.EquivalentTo(new[] { "test-time.dat", "trend-results.dat", "trend-time.dat" }));
        }
        finally { Directory.Delete(dir, true); }
    }

    [FsCheck.NUnit.Property(MaxTest = 200)]
    public Property Any_console_text_stays_text(string text)
    {
        var t = text ?? "";
        var r = new TestResult("s", "t", SampleRun.X86, TestState.Fail, Culprit.Kernel, t, TimeSpan.FromSeconds(1), t,
            new CrashInfo("BUG: x", "BUG", Culprit.Kernel, false, null, t));
        var (html, _) = HtmlReportPage.Render(new HtmlReportInput(new(SampleRun.Info, [r], 1), RunHistory.Only(new(SampleRun.Info, [r], 1))), "");
        var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
        // Only the page's own tags: every '<' in the body opens a tag the page writes.
        var tags = Regex.Matches(body, "<(/?)([a-zA-Z0-9]+)").Select(m => m.Groups[2].Value.ToLowerInvariant()).Distinct();
        var own = new[] { "body", "h1", "h2", "h3", "p", "span", "table", "tr", "th", "td", "pre", "svg", "title", "line", "circle", "text", "polyline", "rect", "a", "html" };
        return tags.All(own.Contains).Label(string.Join(",", tags));
    }

    [FsCheck.NUnit.Property]
    public Property A_nice_axis_end_covers_the_largest_value(PositiveInt n, PositiveInt d)
    {
        var max = n.Get / (double)d.Get;
        var nice = SvgPlots.Nice(max);
        return (nice >= max && nice <= 10 * max + 1e-9).Label($"{max} -> {nice}");
    }
}
