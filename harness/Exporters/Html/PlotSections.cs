using ProbeHarness.Statistics;
using ProbeHarness.Text;
using System.Text;
using ProbeHarness.Benchmarks;
using ProbeHarness.Verdicts;
using static ProbeHarness.Exporters.Html.HtmlText;

namespace ProbeHarness.Exporters.Html;

/// <summary>The plotted sections: test time with confidence intervals, probe overhead, trends over the last runs.</summary>
public static class PlotSections
{
    /// <summary>Each test's time in each cell: the mean over the runs in the history with a 95% bootstrap interval.</summary>
    public static void Time(StringBuilder b, List<Plot> plots, RunHistory history)
    {
        b.Append($"<h2 id=\"time\">Test time over the last {history.Runs.Count} run(s)</h2>\n");
        var latest = history.Runs[^1].Results.Where(r => r.Duration > TimeSpan.Zero).ToList();
        if (latest.Count == 0) { b.Append("<p class=\"none\">No test ran long enough to time.</p>\n"); return; }
        var rows = latest
            .Select(r => (Key: Key(r), Label: $"{r.Test} [{r.Cell.Arch} {r.Cell.Engine}]"))
            .DistinctBy(x => x.Key)
            .Select(x =>
            {
                var xs = history.Runs.SelectMany(h => h.Results).Where(r => Key(r) == x.Key && r.Duration > TimeSpan.Zero)
                    .Select(r => r.Duration.TotalSeconds).ToList();
                var e = Estimate.Of(xs);
                return new Interval(x.Label, e.Mean, e.Low, e.High, e.Samples);
            })
            .OrderByDescending(i => i.Mean)
            .ToList();
        Add(b, plots, SvgPlots.Intervals("test-time", "Test time per cell: mean and 95% bootstrap interval over the runs", "s", rows));
    }

    /// <summary>Probe overhead measured for this run (ns added per hit), where the run measured it.</summary>
    public static void Overhead(StringBuilder b, List<Plot> plots, IReadOnlyList<OverheadFigures> overhead)
    {
        b.Append("<h2 id=\"overhead\">Probe overhead</h2>\n");
        if (overhead.Count == 0)
        {
            b.Append("<p class=\"none\">No overhead was measured in this run (`bench overhead` measures it; its figures go in overhead.json).</p>\n");
            return;
        }
        for (var i = 0; i < overhead.Count; i++)
        {
            var o = overhead[i];
            Add(b, plots, SvgPlots.Intervals($"overhead-{i + 1}", $"ns added per hit, {o.Cell} ({o.Accelerator}): mean and 95% bootstrap interval", "ns", o.NsPerHit));
        }
    }

    /// <summary>Results and time per run over the history, oldest first.</summary>
    public static void Trends(StringBuilder b, List<Plot> plots, RunHistory history)
    {
        b.Append($"<h2 id=\"trends\">Trends over the last {history.Runs.Count} run(s)</h2>\n");
        var x = history.Runs.Select(r => r.Info.Started.ToString("MM-dd HH:mm")).ToList();
        double Count(IReadOnlyList<TestResult> rs, Func<TestState, bool> p) => rs.Count(r => p(r.State));
        var series = new List<Series>
        {
            new("pass", "s-pass", history.Runs.Select(r => Count(r.Results, s => s == TestState.Pass)).ToList()),
            new("expected failures", "s-expected", history.Runs.Select(r => Count(r.Results, s => s is TestState.XFail or TestState.KFail)).ToList()),
            new("unexpected", "s-unexpected", history.Runs.Select(r => Count(r.Results, s => s.IsUnexpected())).ToList()),
            new("unresolved", "s-unresolved", history.Runs.Select(r => Count(r.Results, s => s.IsUnjudged())).ToList()),
        };
        Add(b, plots, SvgPlots.Lines("trend-results", "Results per run", "results", x, series));
        var time = new Series("test time", "s-time", history.Runs.Select(r => r.Results.Sum(t => t.Duration.TotalSeconds)).ToList());
        Add(b, plots, SvgPlots.Lines("trend-time", "Total test time per run", "s", x, [time]));
        b.Append("<table><tr><th>Run</th><th>Started</th><th>Results</th><th>Unexpected</th><th>Unresolved</th></tr>\n");
        foreach (var (info, rs) in history.Runs.AsEnumerable().Reverse())
            b.Append($"<tr><td>{E(info.Id)}</td><td>{E(info.Started.ToString("yyyy-MM-dd HH:mm"))}</td><td class=\"num\">{rs.Count}</td>")
             .Append($"<td class=\"num\">{rs.Count(r => r.State.IsUnexpected())}</td><td class=\"num\">{rs.Count(r => r.State.IsUnjudged())}</td></tr>\n");
        b.Append("</table>\n");
    }

    private static (string, string, string) Key(TestResult r) => (r.Test, r.Cell.Arch, r.Cell.Engine);

    private static void Add(StringBuilder b, List<Plot> plots, Plot p)
    {
        plots.Add(p);
        b.Append(p.Svg).Append($"\n<p class=\"dat\">data: <a href=\"plots/{E(p.Name)}.dat\">plots/{E(p.Name)}.dat</a></p>\n");
    }
}
