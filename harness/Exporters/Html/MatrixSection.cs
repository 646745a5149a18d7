using ProbeHarness.Text;
using System.Text;
using ProbeHarness.Verdicts;
using static ProbeHarness.Exporters.Html.HtmlText;

namespace ProbeHarness.Exporters.Html;

/// <summary>The matrix as coloured grids: cells x suites (counts, coloured by the worst state), then per suite tests x cells.</summary>
public static class MatrixSection
{
    public static void Write(StringBuilder b, IReadOnlyList<TestResult> results)
    {
        b.Append("<h2 id=\"matrix\">Matrix</h2>\n");
        if (results.Count == 0) { b.Append("<p class=\"none\">No results.</p>\n"); return; }
        var cells = results.Select(r => r.Cell).Distinct().ToList();
        var suites = results.Select(r => r.Suite).Distinct().ToList();
        b.Append("<table class=\"grid\" id=\"matrix-grid\"><tr><th>Cell</th>");
        foreach (var s in suites) b.Append($"<th>{E(s)}</th>");
        b.Append("</tr>\n");
        foreach (var c in cells)
        {
            b.Append($"<tr><th>{E(c.ToString())}</th>");
            foreach (var s in suites)
            {
                var here = results.Where(r => r.Cell == c && r.Suite == s).ToList();
                if (here.Count == 0) { b.Append("<td class=\"state st-empty\">—</td>"); continue; }
                var counts = string.Join(", ", here.GroupBy(r => r.State).OrderByDescending(g => StateStyle.Badness(g.Key))
                    .Select(g => $"{g.Count()} {g.Key.DejaGnuWord()}"));
                b.Append($"<td class=\"state {StateStyle.Css(StateStyle.Worst(here.Select(r => r.State)))}\">{E(counts)}</td>");
            }
            b.Append("</tr>\n");
        }
        b.Append("</table>\n");
        foreach (var s in suites)
        {
            var ofSuite = results.Where(r => r.Suite == s).ToList();
            var suiteCells = ofSuite.Select(r => r.Cell).Distinct().ToList();
            b.Append($"<h3>{E(s)}: tests x cells</h3>\n<table class=\"grid\"><tr><th>Test</th>");
            foreach (var c in suiteCells) b.Append($"<th>{E(c.ToString())}</th>");
            b.Append("</tr>\n");
            foreach (var t in ofSuite.Select(r => r.Test).Distinct())
            {
                b.Append($"<tr><th>{E(t)}</th>");
                foreach (var c in suiteCells)
                {
                    var r = ofSuite.LastOrDefault(x => x.Test == t && x.Cell == c);
                    b.Append(r is null ? "<td class=\"state st-empty\">—</td>"
                        : $"<td class=\"state {StateStyle.Css(r.State)}\" title=\"{E(UntrustedText.OneLine(r.Reason, 300))}\">{r.State.DejaGnuWord()}</td>");
                }
                b.Append("</tr>\n");
            }
            b.Append("</table>\n");
        }
    }
}
